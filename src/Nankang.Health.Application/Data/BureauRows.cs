namespace Nankang.Health.Application.Data;

// The bureau's tables: frozen month statements, hospital reconciliations, fund budgets, and the allowances paid outside
// the hospital bill. Money is integer fen. The allowance ledger (AllowanceEntryRow) is append-only like the claims ledger.

/// <summary>A closed month (yyyy-MM, China Standard Time): its statement is frozen in <see cref="StatementLineRow"/>.</summary>
public sealed class StatementClosureRow
{
    public required string Month { get; set; }

    public DateTime ClosedAt { get; set; }

    public required string KeyId { get; set; }
}

/// <summary>One frozen line of a closed month's statement: a payee (hospital, or the households for allowances) and a payment line.</summary>
public sealed class StatementLineRow
{
    public required string Month { get; set; }

    public required string Payee { get; set; }

    public required string Line { get; set; }

    /// <summary>The payee's name when the month was closed (a later rename does not change a closed statement).</summary>
    public required string PayeeName { get; set; }

    public required string FundCode { get; set; }

    public int Ordinal { get; set; }

    public int SettlementCount { get; set; }

    public long SettlementAmount { get; set; }

    public int ReversalCount { get; set; }

    public long ReversalAmount { get; set; }

    public int AdjustmentCount { get; set; }

    public long AdjustmentAmount { get; set; }
}

/// <summary>A hospital's monthly reconciliation (对账) and the stored answer.</summary>
public sealed class ReconciliationRow
{
    public required string Id { get; set; }

    public required string HospitalId { get; set; }

    public required string Month { get; set; }

    public DateTime SubmittedAt { get; set; }

    public required string KeyId { get; set; }

    public required string Verdict { get; set; }

    /// <summary>The answer as returned, JSON.</summary>
    public required string ResultJson { get; set; }
}

/// <summary>The annual budget of a fund (yuan in fen), editable by the bureau.</summary>
public sealed class FundBudgetRow
{
    public int Year { get; set; }

    /// <summary>The budget fund key (<c>specialRelief</c>, <c>childRehabilitation</c>, ...).</summary>
    public required string Fund { get; set; }

    public long Amount { get; set; }

    public DateTime UpdatedAt { get; set; }

    public required string KeyId { get; set; }
}

/// <summary>A bureau certification that a member is long-term bedridden (失能); from and to inclusive, to null = open.</summary>
public sealed class CareCertificationRow
{
    public long Id { get; set; }

    public required string MemberId { get; set; }

    public required string Condition { get; set; }

    public DateOnly From { get; set; }

    public DateOnly? To { get; set; }
}

/// <summary>The allowance lines of the statements, beside the six payment lines of a settlement.</summary>
public static class AllowanceLines
{
    public const string Caregiver = "caregiverAllowance";
    public const string ChildRehabilitation = "childRehabilitation";
    public const string AntiPovertyInsurance = "antiPovertyInsurance";
}

/// <summary>
/// A payment of an allowance (or its recovery): signed fen, the months it pays for, booked at <see cref="BookedAt"/>.
/// Kind Settlement = a first payment or a rehabilitation claim, Reversal = a voided claim, Adjustment = a caregiver re-run's difference.
/// </summary>
public sealed class AllowanceEntryRow
{
    public long Seq { get; set; }

    public LedgerEntryKind Kind { get; set; }

    /// <summary><see cref="AllowanceLines"/>.</summary>
    public required string Line { get; set; }

    public required string MemberId { get; set; }

    public int Year { get; set; }

    /// <summary>JSON array of the months (1–12) of <see cref="Year"/> the payment is for.</summary>
    public required string MonthsJson { get; set; }

    public long Amount { get; set; }

    public DateTime BookedAt { get; set; }

    public required string KeyId { get; set; }

    /// <summary>The caregiver run that booked it, or null.</summary>
    public string? RunId { get; set; }

    /// <summary>The rehabilitation claim it pays or reverses, or null.</summary>
    public string? ClaimId { get; set; }
}

/// <summary>One annual caregiver allowance run and its answer.</summary>
public sealed class AllowanceRunRow
{
    public required string Id { get; set; }

    public int Year { get; set; }

    public DateTime RanAt { get; set; }

    public required string KeyId { get; set; }

    public int MembersBooked { get; set; }

    public long TotalBooked { get; set; }

    public required string ResultJson { get; set; }
}

/// <summary>A paid rehabilitation claim for one child and service month. A void is a <see cref="RehabClaimVoidRow"/>.</summary>
public sealed class RehabClaimRow
{
    public required string Id { get; set; }

    public required string MemberId { get; set; }

    public int Year { get; set; }

    public int Month { get; set; }

    public Settlement.Allowances.RehabCondition Condition { get; set; }

    public long ActualCost { get; set; }

    public long Cap { get; set; }

    public long Amount { get; set; }

    public required string PolicyVersion { get; set; }

    public DateTime BookedAt { get; set; }

    public required string KeyId { get; set; }
}

public sealed class RehabClaimVoidRow
{
    public required string ClaimId { get; set; }

    public required string Reason { get; set; }

    public DateTime VoidedAt { get; set; }

    public required string KeyId { get; set; }
}
