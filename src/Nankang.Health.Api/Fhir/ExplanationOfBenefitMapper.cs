using Hl7.Fhir.Model;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Settlement;
using static Nankang.Health.Api.Fhir.FhirCodes;
using Money = Nankang.Health.Settlement.Money;

namespace Nankang.Health.Api.Fhir;

/// <summary>
/// A settlement as a FHIR R4 ExplanationOfBenefit, built from the same view the JSON route answers with (docs/fhir.md has
/// the table field by field). Amounts are as originally settled; <c>payment</c> is the net after adjustments and the
/// reversal, so a voided settlement pays 0 with the whole original as the adjustment.
/// </summary>
public static class ExplanationOfBenefitMapper
{
    public static ExplanationOfBenefit Map(SettlementRecord record)
    {
        var view = record.Settlement;
        var eob = new ExplanationOfBenefit
        {
            Id = view.SettlementId,
            Identifier = [new Identifier(SettlementId, view.SettlementId)],
            Status = view.Status == SettlementStatus.Voided ? ExplanationOfBenefit.ExplanationOfBenefitStatus.Cancelled : ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
            Type = Institutional(),
            Use = ClaimUseCode.Claim,
            Patient = Contained("patient"),
            BillablePeriod = new Period { Start = Date(record.AdmittedOn), End = Date(record.DischargedOn) },
            Created = Instant(view.BookedAt!.Value),
            Insurer = Contained("bureau"),
            Provider = Contained("hospital"),
            Outcome = ClaimProcessingCodes.Complete,
            Disposition = view.Status switch
            {
                SettlementStatus.Voided => "已作废",
                SettlementStatus.Adjusted => "已结算（因作废重算有调整）",
                _ => "已结算",
            },
            Insurance = [new ExplanationOfBenefit.InsuranceComponent { Focal = true, Coverage = Contained("coverage") }],
            Contained =
            [
                FhirCodes.Patient(view.MemberId, record.NationalIdMasked),
                Hospital(view.HospitalId, record.HospitalName),
                Bureau(),
                new Coverage
                {
                    Id = "coverage",
                    Status = FinancialResourceStatusCodes.Active,
                    Beneficiary = Contained("patient"),
                    Payor = [Contained("bureau")],
                    Type = new CodeableConcept { Text = "城乡居民医疗保障（一站式结算）" },
                },
            ],
        };

        eob.Item.Add(new ExplanationOfBenefit.ItemComponent
        {
            Sequence = 1,
            ProductOrService = Inpatient(),
            Serviced = new Period { Start = Date(record.AdmittedOn), End = Date(record.DischargedOn) },
            Net = Cny(view.TotalCost),
            Adjudication = [.. Adjudications(view).Select(a => new ExplanationOfBenefit.AdjudicationComponent { Category = a.Category, Amount = Cny(a.Amount) })],
        });
        eob.Total = [.. Totals(view).Select(t => new ExplanationOfBenefit.TotalComponent { Category = t.Category, Amount = Cny(t.Amount) })];
        eob.Payment = Payment(view);
        eob.BenefitBalance = [YearToDate(record)];
        eob.Related = [.. LinkedThroughVoids(record)];
        if (record.Void is { } voided)
        {
            eob.ProcessNote.Add(new ExplanationOfBenefit.NoteComponent
            {
                Number = 1,
                Type = NoteType.Display,
                Text = $"已作废（{Instant(voided.VoidedAt)}）：{voided.Reason}",
            });
        }

        return eob;
    }

    /// <summary>The net the funds pay (payments + adjustments + reversal); the difference from the original as the adjustment.</summary>
    private static ExplanationOfBenefit.PaymentComponent Payment(SettlementView view)
    {
        var net = Total(view.Net.Payments);
        var payment = new ExplanationOfBenefit.PaymentComponent
        {
            Type = Concept(PaymentType, "complete", "Complete"),
            Amount = Cny(net),
        };

        // The adjustments and the reversal together: net minus the original fund total.
        var adjustment = net - view.FundTotal;
        if (!adjustment.IsZero)
        {
            payment.Adjustment = Cny(adjustment);
            payment.AdjustmentReason = view.Status == SettlementStatus.Voided
                ? Concept(Related, "reversal", "作废冲销")
                : Concept(Related, "adjustment", "因此前结算作废重算调整");
        }

        return payment;
    }

    /// <summary>The member-year's figures after this settlement: serious-illness base, assistance against its cap, self-pay.</summary>
    private static ExplanationOfBenefit.BenefitBalanceComponent YearToDate(SettlementRecord record)
    {
        var a = record.Settlement.Accumulators;
        var assistance = new ExplanationOfBenefit.BenefitComponent
        {
            Type = Concept(Balance, "medicalAssistance", "医疗救助年度已支付（对年度封顶）"),
            Used = Cny(a.AssistancePaid),
        };
        if (record.AssistanceCap is { } cap)
        {
            assistance.Allowed = Cny(cap);
        }

        return new ExplanationOfBenefit.BenefitBalanceComponent
        {
            Category = Concept(BenefitCategory, "1", "Medical Care"),
            Name = $"{record.Settlement.Year}年度累计",
            Term = Concept("http://terminology.hl7.org/CodeSystem/benefit-term", "annual", "Annual"),
            Financial =
            [
                new() { Type = Concept(Balance, "seriousIllnessBase", "大病保险年度累计基数"), Used = Cny(a.SeriousIllnessBase) },
                assistance,
                new() { Type = Concept(Balance, "selfPay", "年度累计个人自付"), Used = Cny(a.SelfPayAfterTopUp) },
            ],
        };
    }

    /// <summary>
    /// Settlements linked through voids, by identifier (EOB.related names a Claim, not an EOB): for a voided settlement the
    /// later ones its void adjusted; for an adjusted one the voided settlements that caused its adjustments.
    /// </summary>
    private static IEnumerable<ExplanationOfBenefit.RelatedClaimComponent> LinkedThroughVoids(SettlementRecord record)
    {
        foreach (var id in record.AdjustedByVoid)
        {
            yield return Link(id, "adjusted", "本结算作废后重算调整的结算");
        }

        foreach (var id in record.CausedBy.OfType<string>().Distinct())
        {
            yield return Link(id, "voided-cause", "其作废导致本结算调整的结算");
        }
    }

    private static ExplanationOfBenefit.RelatedClaimComponent Link(string settlementId, string code, string display) => new()
    {
        Relationship = new CodeableConcept { Coding = [new Coding(RelatedClaim, "associated", "Associated Claim"), new Coding(Related, code, display)] },
        Reference = new Identifier(SettlementId, settlementId),
    };

    private static Money Total(PaymentsView p) => p.ToFundPayments().Total;
}
