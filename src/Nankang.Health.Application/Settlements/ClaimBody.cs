using System.Text.Json.Serialization;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements;

/// <summary>The body of <c>POST /settlements</c> and <c>POST /settlements/preview</c>, as the contract names it.</summary>
/// <param name="NationalId">
/// The national ID read from the patient's ID card, required when the visit has no admission (<see cref="NationalIdCheck"/>).
/// Not written when null, so the request hash of a body without it is what it was before the field existed.
/// </param>
public sealed record ClaimBody(
    string? HospitalId,
    string? VisitNo,
    string? MemberId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NationalId,
    DateOnly? AdmittedOn,
    DateOnly? DischargedOn,
    bool? Referred,
    bool? InsuranceApplicable,
    string? NotApplicableReason,
    IReadOnlyList<string>? Diagnoses,
    IReadOnlyList<FeeBody>? Fees);

/// <summary>One fee line: class A, B or C, the amount, an optional over-limit part and, on class B only, a self-pay ratio.</summary>
public sealed record FeeBody(string? ItemCode, string? ItemName, FeeClass? Class, Money? Amount, Money? OverLimitAmount = null, Rate? SelfPayRatio = null);

/// <summary>A fee line as stored with the settlement (amounts in fen, ratio in basis points).</summary>
public sealed record StoredFee(string? ItemCode, string? ItemName, FeeClass Class, long Amount, long OverLimit, int? RatioBp)
{
    public FeeLine ToLine() => new(Class, new Money(Amount), new Money(OverLimit), RatioBp is { } bp ? Rate.FromBasisPoints(bp) : null);
}
