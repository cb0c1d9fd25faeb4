namespace Nankang.Health.Application.Data;

// The stored shape of the registry and the ledger. Money is integer fen in every column.
// The ledger (SettlementRow, LedgerEntryRow, VoidRow) is append-only: rows are inserted, never updated or deleted.

/// <summary>A member of the registry. Personal data is held encrypted; the lookup hash finds a member by national ID.</summary>
public sealed class MemberRow
{
    public required string Id { get; set; }

    /// <summary>Keyed hash (HMAC-SHA256) of the national ID: unique, used for lookups; reveals nothing without the key.</summary>
    public required string NationalIdLookup { get; set; }

    public required string NationalIdCipher { get; set; }

    /// <summary>First 6 and last 4 characters, the rest as '*'.</summary>
    public required string NationalIdMasked { get; set; }

    public required string NameCipher { get; set; }

    public DateOnly BirthDate { get; set; }

    public required string Sex { get; set; }

    public required string Township { get; set; }

    public required string Village { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<MemberCategoryRow> Categories { get; set; } = [];
}

public sealed class MemberCategoryRow
{
    public long Id { get; set; }

    public required string MemberId { get; set; }

    public Settlement.Category Category { get; set; }

    public DateOnly From { get; set; }

    public DateOnly? To { get; set; }
}

public sealed class HospitalRow
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public int Level { get; set; }

    public Settlement.Region Region { get; set; }

    public bool Designated { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>An admission (入院登记); unique per hospital and visit number.</summary>
public sealed class AdmissionRow
{
    public required string Id { get; set; }

    public required string HospitalId { get; set; }

    public required string VisitNo { get; set; }

    public required string MemberId { get; set; }

    public DateOnly AdmittedOn { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One settlement as booked: the claim facts captured at booking (so a later void re-settles with them, not with
/// today's registry), the split, the six payments, and the member's accumulators after it.
/// </summary>
public sealed class SettlementRow : IBookedAmounts
{
    /// <summary>Booking order across the whole ledger.</summary>
    public long Seq { get; set; }

    public required string Id { get; set; }

    public required string HospitalId { get; set; }

    public required string VisitNo { get; set; }

    public required string MemberId { get; set; }

    public required string AdmissionId { get; set; }

    public int Year { get; set; }

    public required string PolicyVersion { get; set; }

    public DateTime BookedAt { get; set; }

    public required string KeyId { get; set; }

    public DateOnly AdmittedOn { get; set; }

    public DateOnly DischargedOn { get; set; }

    public Settlement.CategorySet Categories { get; set; }

    public int HospitalLevel { get; set; }

    public Settlement.Region HospitalRegion { get; set; }

    public bool HospitalDesignated { get; set; }

    public bool Referred { get; set; }

    public bool InsuranceApplicable { get; set; }

    public string? NotApplicableReason { get; set; }

    /// <summary>JSON array of ICD-10 codes.</summary>
    public required string DiagnosesJson { get; set; }

    /// <summary>JSON array of the fee lines as received (class, amount and over-limit in fen, ratio in basis points).</summary>
    public required string FeesJson { get; set; }

    /// <summary>JSON array of the six lines with fund code and one-line explanation, rendered at booking.</summary>
    public required string LinesJson { get; set; }

    public long TotalCost { get; set; }

    public long InScope { get; set; }

    public long PreSelfPay { get; set; }

    public long OutOfScope { get; set; }

    public long OverLimit { get; set; }

    public long BasicInsurance { get; set; }

    public long SeriousIllnessInsurance { get; set; }

    public long SupplementaryInsurance { get; set; }

    public long MedicalAssistance { get; set; }

    public long SpecialReliefTopUp { get; set; }

    public long SpecialReliefHighCost { get; set; }

    public long PatientPays { get; set; }

    public int ReimbursementRatioBp { get; set; }

    /// <summary>JSON of the member-year accumulators right after this settlement was booked.</summary>
    public required string AccumulatorsAfterJson { get; set; }
}

public enum LedgerEntryKind
{
    Settlement,
    Reversal,
    Adjustment,
}

/// <summary>
/// A booking against the funds: a settlement, the reversal of a void, or the adjustment of a later settlement that a
/// void re-settled. Amounts are signed fen per fund; the month of <see cref="BookedAt"/> is the month it belongs to.
/// </summary>
public sealed class LedgerEntryRow : IBookedAmounts
{
    public long Seq { get; set; }

    public LedgerEntryKind Kind { get; set; }

    /// <summary>The settlement whose amounts this entry moves.</summary>
    public required string SettlementId { get; set; }

    /// <summary>For a reversal or an adjustment: the voided settlement that caused it.</summary>
    public string? CausedBy { get; set; }

    public required string HospitalId { get; set; }

    public required string MemberId { get; set; }

    public int Year { get; set; }

    public DateTime BookedAt { get; set; }

    public required string KeyId { get; set; }

    public long BasicInsurance { get; set; }

    public long SeriousIllnessInsurance { get; set; }

    public long SupplementaryInsurance { get; set; }

    public long MedicalAssistance { get; set; }

    public long SpecialReliefTopUp { get; set; }

    public long SpecialReliefHighCost { get; set; }

    public long PatientPays { get; set; }
}

/// <summary>A void; at most one per settlement (the primary key makes a second one impossible).</summary>
public sealed class VoidRow
{
    public required string SettlementId { get; set; }

    public required string Reason { get; set; }

    public DateTime VoidedAt { get; set; }

    public required string KeyId { get; set; }
}

/// <summary>A member's accumulators for one year: a projection of the ledger kept in step in the same transaction.</summary>
public sealed class AccumulatorRow
{
    public required string MemberId { get; set; }

    public int Year { get; set; }

    public int ClaimCount { get; set; }

    public long BasicPaid { get; set; }

    public long SeriousIllnessBase { get; set; }

    public long SeriousIllnessPaid { get; set; }

    public long SupplementaryPaid { get; set; }

    public long AssistancePaid { get; set; }

    public long SelfPayAfterTopUp { get; set; }

    public long HighCostReliefPaid { get; set; }

    /// <summary>
    /// Set by a written re-settlement (<c>nankang resettle --write</c>): the policy that the member-year's settlements up to
    /// <see cref="PolicyThroughSeq"/> now stand under, so that a later void re-settles them under it too. Null: each
    /// settlement stands under the policy it was booked under (<see cref="SettlementRow.PolicyVersion"/>).
    /// </summary>
    public string? PolicyVersion { get; set; }

    /// <summary>The last settlement (by seq) that <see cref="PolicyVersion"/> covers; later ones stand under their own.</summary>
    public long? PolicyThroughSeq { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A what-if policy that a written re-settlement put in force for some member-years, kept so voids can re-settle under it.</summary>
public sealed class StoredPolicyRow
{
    public required string Version { get; set; }

    /// <summary>The policy file's text as it was given.</summary>
    public required string Json { get; set; }

    public DateTime StoredAt { get; set; }

    public required string StoredBy { get; set; }
}

/// <summary>An idempotency key of a hospital and the answer it was given.</summary>
public sealed class IdempotencyRow
{
    public required string HospitalId { get; set; }

    public required string Key { get; set; }

    public required string RequestHash { get; set; }

    public required string SettlementId { get; set; }

    /// <summary>Always empty: the answer is rebuilt from the append-only settlement row. The column stays until a migration drops it.</summary>
    public required string ResponseJson { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>One audited action: who (key id, role, hospital), what, when and with which outcome. Append-only.</summary>
public sealed class AuditRow
{
    public long Seq { get; set; }

    public DateTime At { get; set; }

    public required string KeyId { get; set; }

    public required string Role { get; set; }

    public string? HospitalId { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    public int Status { get; set; }
}
