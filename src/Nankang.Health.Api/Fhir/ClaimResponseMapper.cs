using Hl7.Fhir.Model;
using Nankang.Health.Application.Settlements;
using static Nankang.Health.Api.Fhir.FhirCodes;

namespace Nankang.Health.Api.Fhir;

/// <summary>
/// A preview as a FHIR R4 ClaimResponse with <c>use</c> predetermination: the same adjudication and totals as the
/// ExplanationOfBenefit of a booked settlement, nothing paid and no identifier (nothing is stored).
/// </summary>
public static class ClaimResponseMapper
{
    public static ClaimResponse Map(SettlementView view, DateTimeOffset created) => new()
    {
        Status = FinancialResourceStatusCodes.Active,
        Type = Institutional(),
        Use = ClaimUseCode.Predetermination,
        Patient = Contained("patient"),
        Created = Instant(created),
        Insurer = Contained("bureau"),
        Requestor = Contained("hospital"),
        Outcome = ClaimProcessingCodes.Complete,
        Disposition = "预结算：按当前年度累计计算，未记账",
        Contained = [FhirCodes.Patient(view.MemberId, null), Hospital(view.HospitalId, null), Bureau()],
        Item =
        [
            new ClaimResponse.ItemComponent
            {
                ItemSequence = 1,
                Adjudication = [.. Adjudications(view).Select(a => new ClaimResponse.AdjudicationComponent { Category = a.Category, Amount = Cny(a.Amount) })],
            },
        ],
        Total = [.. Totals(view).Select(t => new ClaimResponse.TotalComponent { Category = t.Category, Amount = Cny(t.Amount) })],
    };
}
