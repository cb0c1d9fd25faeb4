using System.Text.Json.Serialization;
using Nankang.Health.Application.Members;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements;

/// <summary>The six payment lines, always all present.</summary>
public sealed record PaymentsView(
    Money BasicInsurance,
    Money SeriousIllnessInsurance,
    Money SupplementaryInsurance,
    Money MedicalAssistance,
    Money SpecialReliefTopUp,
    Money SpecialReliefHighCost)
{
    public static PaymentsView Of(FundPayments p) => new(
        p.BasicInsurance, p.SeriousIllnessInsurance, p.SupplementaryInsurance, p.MedicalAssistance, p.SpecialReliefTopUp, p.SpecialReliefHighCost);

    public FundPayments ToFundPayments() => new(
        BasicInsurance, SeriousIllnessInsurance, SupplementaryInsurance, MedicalAssistance, SpecialReliefTopUp, SpecialReliefHighCost);
}

/// <summary>One line of the settlement slip: fund, fund code, amount and the one-line arithmetic.</summary>
public sealed record LineView(string Fund, string FundCode, Money Amount, string Explanation)
{
    /// <summary>The figures behind the line when the view was built from the engine's result; not part of the contract or the ledger.</summary>
    [JsonIgnore]
    public LineFigures? Figures { get; init; }
}

/// <summary>An adjustment booked on this settlement when an earlier settlement of the member-year was voided.</summary>
public sealed record AdjustmentView(string CausedBy, DateTimeOffset BookedAt, PaymentsView Payments, Money PatientPays);

/// <summary>Payments plus every adjustment (and the reversal once voided).</summary>
public sealed record NetView(PaymentsView Payments, Money PatientPays);

/// <summary>A settlement: the answer to settle, preview and get. <c>payments</c> and <c>patientPays</c> are always as originally settled.</summary>
public sealed record SettlementView(
    string? SettlementId,
    string Status,
    string HospitalId,
    string VisitNo,
    string MemberId,
    int Year,
    string PolicyVersion,
    DateTimeOffset? BookedAt,
    Money TotalCost,
    Money InScopeAmount,
    Money PreSelfPayAmount,
    Money OutOfScopeAmount,
    Money OverLimitAmount,
    PaymentsView Payments,
    Money FundTotal,
    Money PatientPays,
    decimal ReimbursementRatio,
    IReadOnlyList<LineView> Lines,
    AccumulatorsView Accumulators,
    IReadOnlyList<AdjustmentView> Adjustments,
    NetView Net);

/// <summary>A page of settlements in booking order.</summary>
public sealed record SettlementPage(IReadOnlyList<SettlementView> Items, int Page, int PageSize, int Total);

/// <summary>The adjustment a void booked on a later settlement.</summary>
public sealed record VoidAdjustmentView(string SettlementId, PaymentsView Payments, Money PatientPays);

/// <summary>The answer to a void: the voided settlement and the adjustments of the later ones.</summary>
public sealed record VoidView(SettlementView Voided, IReadOnlyList<VoidAdjustmentView> Adjustments);

public sealed record VoidBody(string? Reason);

public static class SettlementStatus
{
    public const string Settled = "Settled";
    public const string Adjusted = "Adjusted";
    public const string Voided = "Voided";
    public const string Preview = "Preview";
}
