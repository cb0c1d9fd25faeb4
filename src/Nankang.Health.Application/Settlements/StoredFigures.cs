using System.Text.Json;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Members;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// The line figures of a booked settlement, which the ledger does not keep (only the English explanation is stored):
/// the captured claim re-settled under its booked policy on the accumulators it was booked on. Those are the stored
/// accumulators after it less its own part, each accumulator being a plain sum of the lines (§6).
/// </summary>
public static class StoredFigures
{
    /// <summary>The recomputed result, or null when the policy is no longer loaded or the amounts do not come out as booked.</summary>
    public static SettlementResult? Recompute(SettlementRow r, PolicySet policies)
    {
        if (policies.Version(r.PolicyVersion) is not { } policy)
        {
            return null;
        }

        var claim = SettleClaimHandler.CapturedClaim(r);
        var split = SettlementEngine.Split(claim.Fees, policy.CostSplit.ClassBSelfPayRatio);
        if (split.TotalCost.Fen <= 0)
        {
            return null;
        }

        var paid = r.Amounts().Payments;
        var after = JsonSerializer.Deserialize<AccumulatorsView>(r.AccumulatorsAfterJson, HealthJson.Options)!;
        var insured = claim.InsuranceApplicable && claim.Hospital.Designated;
        var insurancePaid = paid.BasicInsurance + paid.SeriousIllnessInsurance + paid.SupplementaryInsurance + paid.MedicalAssistance;
        var selfPay = split.TotalCost - insurancePaid - paid.SpecialReliefTopUp;
        var before = new Accumulators(
            after.ClaimCount - 1,
            after.BasicPaid - paid.BasicInsurance,
            after.SeriousIllnessBase - (insured ? split.InScope - paid.BasicInsurance : Money.Zero),
            after.SeriousIllnessPaid - paid.SeriousIllnessInsurance,
            after.SupplementaryPaid - paid.SupplementaryInsurance,
            after.AssistancePaid - paid.MedicalAssistance,
            claim.Categories.IsPoor() ? after.SelfPayAfterTopUp - selfPay : after.SelfPayAfterTopUp,
            after.HighCostReliefPaid - paid.SpecialReliefHighCost);
        var result = SettlementEngine.Settle(claim, policy, before);
        return result.Payments == paid && result.PatientPays.Fen == r.PatientPays ? result : null;
    }
}
