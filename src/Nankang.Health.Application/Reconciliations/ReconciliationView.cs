using System.ComponentModel.DataAnnotations;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Reconciliations;

/// <summary>The hospital's totals of the month per payment line (the six <c>payments</c> keys), all required.</summary>
public sealed record ReconciliationTotals(
    Money? BasicInsurance,
    Money? SeriousIllnessInsurance,
    Money? SupplementaryInsurance,
    Money? MedicalAssistance,
    Money? SpecialReliefTopUp,
    Money? SpecialReliefHighCost)
{
    public static ReconciliationTotals Of(FundPayments p) => new(
        p.BasicInsurance, p.SeriousIllnessInsurance, p.SupplementaryInsurance, p.MedicalAssistance, p.SpecialReliefTopUp, p.SpecialReliefHighCost);

    /// <summary>The declared total of <paramref name="fund"/>, null when missing.</summary>
    public Money? this[Fund fund] => fund switch
    {
        Fund.BasicInsurance => BasicInsurance,
        Fund.SeriousIllnessInsurance => SeriousIllnessInsurance,
        Fund.SupplementaryInsurance => SupplementaryInsurance,
        Fund.MedicalAssistance => MedicalAssistance,
        Fund.SpecialReliefTopUp => SpecialReliefTopUp,
        Fund.SpecialReliefHighCost => SpecialReliefHighCost,
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, null),
    };
}

/// <summary>
/// The body of <c>POST /reconciliations</c>: the hospital's own month (对总账), and optionally its detail as CSV text
/// (对明细账; columns visitNo, settlementId, totalCost, the six payment keys, patientPays). The detail is the one string
/// allowed to be long: its limit is declared here (and so in the OpenAPI document) and checked by <see cref="ReconcileHandler"/>.
/// </summary>
public sealed record ReconciliationBody(
    string? HospitalId,
    string? Month,
    ReconciliationTotals? Totals,
    [property: MaxLength(HospitalDetailCsv.MaxChars)] string? DetailCsv);

/// <summary>One fund line: the engine's net for the month, the hospital's declared total, their difference (hospital − engine), and the detail's sum when a detail was sent.</summary>
public sealed record FundComparison(string Fund, string FundCode, Money Engine, Money Hospital, Money Difference, Money? HospitalDetail);

/// <summary>A settlement's movement in the month as one side has it (line numbers: the hospital CSV's lines).</summary>
public sealed record DetailEntry(string SettlementId, string VisitNo, Money TotalCost, PaymentsView Payments, Money PatientPays, IReadOnlyList<int> Lines);

/// <summary>One field on which the two sides differ; <c>difference</c> = hospital − engine.</summary>
public sealed record FieldDifference(string Field, Money Engine, Money Hospital, Money Difference);

/// <summary>A settlement both sides have, with different amounts (or a different visit number).</summary>
public sealed record DetailDifference(string SettlementId, string VisitNo, string EngineVisitNo, IReadOnlyList<FieldDifference> Fields, IReadOnlyList<int> Lines);

/// <summary>
/// The comparison of the detail: settlements matched, missing in the engine, missing in the hospital's books, and amount
/// differences. Each list holds at most <c>listLimit</c> items (counts are always complete; <c>truncated</c> says when cut).
/// </summary>
public sealed record ReconciliationDetail(
    int HospitalLines,
    int HospitalSettlements,
    int EngineSettlements,
    int Matched,
    int MissingInEngineCount,
    int MissingInHospitalCount,
    int DifferenceCount,
    int ListLimit,
    bool Truncated,
    IReadOnlyList<DetailEntry> MissingInEngine,
    IReadOnlyList<DetailEntry> MissingInHospital,
    IReadOnlyList<DetailDifference> Differences);

/// <summary>
/// The stored answer of a reconciliation. <c>verdict</c>: <c>Agreed</c>, <c>TotalsDiffer</c>, <c>DetailDiffers</c> or
/// <c>TotalsAndDetailDiffer</c>.
/// </summary>
public sealed record ReconciliationView(
    string ReconciliationId,
    string HospitalId,
    string Month,
    string MonthStatus,
    DateTimeOffset SubmittedAt,
    string Verdict,
    bool TotalsAgree,
    bool? DetailAgrees,
    IReadOnlyList<FundComparison> Totals,
    ReconciliationDetail? Detail);
