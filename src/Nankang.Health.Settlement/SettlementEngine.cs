using System.Collections.Immutable;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement;

/// <summary>
/// The 2020 rules (shared/docs/settlement-rules.md §4–§5) as ordered steps. Pure: no I/O, no clock, and no
/// allocation on the amount path. Every amount is rounded half away from zero at the step that computes it.
/// </summary>
public static class SettlementEngine
{
    /// <summary>§4: splits the fee lines into in scope, pre-self-pay, outside scope and over-limit.</summary>
    public static CostSplit Split(ImmutableArray<FeeLine> fees, Rate defaultClassBRatio)
    {
        Money inScope = default, preSelfPay = default, outOfScope = default, overLimit = default;
        foreach (var fee in fees.AsSpan())
        {
            switch (fee.Class)
            {
                case FeeClass.A:
                    overLimit += fee.OverLimit;
                    inScope += fee.Amount - fee.OverLimit;
                    break;
                case FeeClass.B:
                    var lineBase = fee.Amount - fee.OverLimit;
                    var pre = lineBase.Percent(fee.SelfPayRatio ?? defaultClassBRatio);
                    overLimit += fee.OverLimit;
                    preSelfPay += pre;
                    inScope += lineBase - pre;
                    break;
                default:
                    outOfScope += fee.Amount;
                    break;
            }
        }

        return new CostSplit(inScope + preSelfPay + outOfScope + overLimit, inScope, preSelfPay, outOfScope, overLimit);
    }

    /// <summary>Settles <paramref name="claim"/> on top of the member's accumulators for the claim's year.</summary>
    /// <exception cref="ArgumentException">The claim's total cost is zero (the API rejects it first).</exception>
    public static SettlementResult Settle(Claim claim, SettlementPolicy policy, in Accumulators acc)
    {
        var split = Split(claim.Fees, policy.CostSplit.ClassBSelfPayRatio);
        if (split.TotalCost.Fen <= 0)
        {
            throw new ArgumentException("A claim whose total cost is 0 cannot be settled.", nameof(claim));
        }

        var categories = claim.Categories;
        var poor = categories.IsPoor();
        var registeredPoor = categories.IsRegisteredPoor();
        var hospital = claim.Hospital;
        var insuranceNote = !claim.InsuranceApplicable ? LineNote.InsuranceNotApplicable
            : !hospital.Designated ? LineNote.NotDesignated
            : LineNote.Applied;
        var insured = insuranceNote == LineNote.Applied;

        // Line 1: basic medical insurance.
        var basic = insured ? Basic(split, claim, policy.BasicInsurance, registeredPoor, acc)
            : new LineFigures(Fund.BasicInsurance, Money.Zero, insuranceNote);

        // Line 2: serious-illness insurance on its slice of the year's cumulative base.
        var seriousBase = insured ? split.InScope - basic.Amount : Money.Zero;
        var serious = insured ? Serious(seriousBase, policy.SeriousIllnessInsurance, poor, registeredPoor, acc)
            : new LineFigures(Fund.SeriousIllnessInsurance, Money.Zero, insuranceNote);

        // Line 3: supplementary insurance, poor only; its cap binds the in-scope part first.
        var inScopeLeft = split.InScope - basic.Amount - serious.Amount;
        var supplementary = !insured ? new LineFigures(Fund.SupplementaryInsurance, Money.Zero, insuranceNote)
            : !poor ? new LineFigures(Fund.SupplementaryInsurance, Money.Zero, LineNote.NotPoor)
            : Supplementary(inScopeLeft, split.TotalCost - split.InScope, policy.SupplementaryInsurance, acc);
        var suppIn = supplementary.Amount - supplementary.Second;

        // Line 4: medical assistance by the most favourable category.
        var assistance = insured
            ? Assistance(inScopeLeft - suppIn, policy.MedicalAssistance, categories, acc)
            : new LineFigures(Fund.MedicalAssistance, Money.Zero, insuranceNote);

        var insurancePaid = basic.Amount + serious.Amount + supplementary.Amount + assistance.Amount;

        // Line 5a: the 90% guarantee.
        var relief = policy.SpecialRelief;
        var topUpEligible = poor && ((registeredPoor && (hospital.Region == Region.InDistrict || claim.Referred)) || !claim.InsuranceApplicable);
        var topUpAmount = topUpEligible ? (split.TotalCost.Percent(relief.GuaranteeRate) - insurancePaid).PositivePart : Money.Zero;
        var topUp = new LineFigures(
            Fund.SpecialReliefTopUp, topUpAmount, !poor ? LineNote.NotPoor : topUpEligible ? LineNote.Applied : LineNote.TopUpNotEligible,
            Base: split.TotalCost, Rate: relief.GuaranteeRate, Second: insurancePaid);

        // Line 5b: the high-cost rule on the year's self-pay after the top-up.
        var selfPay = split.TotalCost - insurancePaid - topUpAmount;
        var highCostAmount = poor
            ? HighCostRelief(acc.SelfPayAfterTopUp + selfPay, relief) - HighCostRelief(acc.SelfPayAfterTopUp, relief)
            : Money.Zero;
        var highCost = new LineFigures(
            Fund.SpecialReliefHighCost, highCostAmount, poor ? LineNote.Applied : LineNote.NotPoor,
            Base: selfPay, Deductible: relief.HighCostThreshold, Rate: relief.HighCostRate, Prior: acc.SelfPayAfterTopUp);

        var payments = new FundPayments(basic.Amount, serious.Amount, supplementary.Amount, assistance.Amount, topUpAmount, highCostAmount);
        var after = new Accumulators(
            ClaimCount: acc.ClaimCount + 1,
            BasicPaid: acc.BasicPaid + basic.Amount,
            SeriousIllnessBase: acc.SeriousIllnessBase + seriousBase,
            SeriousIllnessPaid: acc.SeriousIllnessPaid + serious.Amount,
            SupplementaryPaid: acc.SupplementaryPaid + supplementary.Amount,
            AssistancePaid: acc.AssistancePaid + assistance.Amount,
            SelfPayAfterTopUp: poor ? acc.SelfPayAfterTopUp + selfPay : acc.SelfPayAfterTopUp,
            HighCostReliefPaid: acc.HighCostReliefPaid + highCostAmount);

        return new SettlementResult(
            policy.Version, split, payments, split.TotalCost - payments.Total, acc, after,
            basic, serious, supplementary, assistance, topUp, highCost);
    }

    private static LineFigures Basic(in CostSplit split, Claim claim, BasicInsurancePolicy p, bool registeredPoor, in Accumulators acc)
    {
        var level = claim.Hospital.Level;
        var waived = registeredPoor && p.WaivesDeductible(level);
        var deductible = waived ? Money.Zero : p.Deductible(level);
        var cut = 0;
        if (claim.Hospital.Region == Region.OutOfProvince)
        {
            cut += p.OutOfProvinceCut.BasisPoints;
        }

        if (claim.Hospital.Region != Region.InDistrict && !claim.Referred)
        {
            cut += p.UnreferredOutOfDistrictCut.BasisPoints;
        }

        var rate = p.BaseRate(level).Minus(cut);
        var uncapped = (split.InScope - deductible).PositivePart.Percent(rate);
        Money? room = p.AnnualCap is { } cap ? (cap - acc.BasicPaid).PositivePart : null;
        var amount = room is { } r ? Money.Min(uncapped, r) : uncapped;
        return new LineFigures(Fund.BasicInsurance, amount, Base: split.InScope, Deductible: deductible, Rate: rate,
            Uncapped: uncapped, CapRoom: room, Level: level, Flag: waived);
    }

    private static LineFigures Serious(Money claimBase, SeriousIllnessPolicy p, bool poor, bool registeredPoor, in Accumulators acc)
    {
        var tiers = poor ? p.PoorTiers : p.GeneralTiers;
        var prior = acc.SeriousIllnessBase;
        var slice = Tiered(prior + claimBase, tiers) - Tiered(prior, tiers);
        Money? room = registeredPoor && p.RegisteredPoorUncapped ? null
            : p.AnnualCap is { } cap ? (cap - acc.SeriousIllnessPaid).PositivePart : null;
        var amount = room is { } r ? Money.Min(slice, r) : slice;
        return new LineFigures(Fund.SeriousIllnessInsurance, amount, Base: claimBase, Uncapped: slice, CapRoom: room, Prior: prior, Flag: poor);
    }

    /// <summary>The rules' <c>F(x)</c>: Σ tier rate × the part of x inside the tier, rounded once.</summary>
    internal static Money Tiered(Money x, ImmutableArray<Tier> tiers)
    {
        Int128 sum = 0;
        foreach (var tier in tiers.AsSpan())
        {
            var top = tier.To is { } to ? Money.Min(x, to) : x;
            var part = (top - tier.From).PositivePart;
            sum += (Int128)part.Fen * tier.Rate.BasisPoints;
        }

        return new Money(Rounding.Divide(sum, Rate.BasisPointsPerUnit));
    }

    private static LineFigures Supplementary(Money inScopeLeft, Money outsideScope, SupplementaryPolicy p, in Accumulators acc)
    {
        var suppIn = inScopeLeft.Percent(p.InScopeRate);
        var suppOut = outsideScope.Percent(p.OutOfScopeRate);
        Money? room = p.AnnualCap is { } cap ? (cap - acc.SupplementaryPaid).PositivePart : null;
        if (room is { } r)
        {
            suppIn = Money.Min(suppIn, r);
            suppOut = Money.Min(suppOut, r - suppIn);
        }

        var uncapped = inScopeLeft.Percent(p.InScopeRate) + outsideScope.Percent(p.OutOfScopeRate);
        return new LineFigures(Fund.SupplementaryInsurance, suppIn + suppOut, Base: inScopeLeft, Rate: p.InScopeRate,
            Uncapped: uncapped, CapRoom: room, Second: suppOut, SecondRate: p.OutOfScopeRate);
    }

    private static LineFigures Assistance(Money assistanceBase, AssistancePolicy p, CategorySet categories, in Accumulators acc)
    {
        if (p.MostFavourable(categories) is not { } favourable)
        {
            return new LineFigures(Fund.MedicalAssistance, Money.Zero, LineNote.NoAssistanceCategory, Base: assistanceBase);
        }

        var uncapped = assistanceBase.Percent(favourable.Terms.Rate);
        Money? room = favourable.Terms.AnnualCap is { } cap ? (cap - acc.AssistancePaid).PositivePart : null;
        var amount = room is { } r ? Money.Min(uncapped, r) : uncapped;
        return new LineFigures(Fund.MedicalAssistance, amount, Base: assistanceBase, Rate: favourable.Terms.Rate,
            Uncapped: uncapped, CapRoom: room, Category: favourable.Category);
    }

    /// <summary>The rules' <c>G(x) = round((x − threshold)⁺ × rate)</c>.</summary>
    private static Money HighCostRelief(Money selfPay, SpecialReliefPolicy p) =>
        (selfPay - p.HighCostThreshold).PositivePart.Percent(p.HighCostRate);
}
