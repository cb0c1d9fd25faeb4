using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Benchmarks;

/// <summary>
/// A straightforward implementation of the five lines (docs/settlement-rules.md §4–§5) in <see cref="decimal"/> yuan, rounding
/// each computed amount with <c>Math.Round(x, 2, MidpointRounding.AwayFromZero)</c>: the yardstick the engine's integer fen
/// arithmetic is compared with. Amounts only, no figures or explanations, like the engine's amount path.
/// </summary>
internal sealed class DecimalBaseline
{
    private readonly decimal _classBRatio;
    private readonly decimal[] _deductibleByLevel;
    private readonly bool[] _waivedByLevel;
    private readonly decimal[] _rateByLevel;
    private readonly decimal _outOfProvinceCut;
    private readonly decimal _unreferredCut;
    private readonly decimal? _basicCap;
    private readonly DecimalTier[] _poorTiers;
    private readonly DecimalTier[] _generalTiers;
    private readonly decimal? _seriousCap;
    private readonly bool _registeredPoorUncapped;
    private readonly decimal _suppInRate;
    private readonly decimal _suppOutRate;
    private readonly decimal? _suppCap;
    private readonly (Category Category, decimal Rate, decimal? Cap)[] _assistance;
    private readonly decimal _guaranteeRate;
    private readonly decimal _highCostThreshold;
    private readonly decimal _highCostRate;

    public DecimalBaseline(SettlementPolicy policy)
    {
        var basic = policy.BasicInsurance;
        _classBRatio = policy.CostSplit.ClassBSelfPayRatio.ToDecimal();
        _deductibleByLevel = [.. basic.DeductibleByLevel.Select(m => m.ToDecimal())];
        _waivedByLevel = [.. Enumerable.Range(1, basic.DeductibleByLevel.Length).Select(basic.WaivesDeductible)];
        _rateByLevel = [.. basic.RateByLevel.Select(r => r.ToDecimal())];
        _outOfProvinceCut = basic.OutOfProvinceCut.ToDecimal();
        _unreferredCut = basic.UnreferredOutOfDistrictCut.ToDecimal();
        _basicCap = basic.AnnualCap?.ToDecimal();
        var serious = policy.SeriousIllnessInsurance;
        _poorTiers = [.. serious.PoorTiers.Select(DecimalTier.Of)];
        _generalTiers = [.. serious.GeneralTiers.Select(DecimalTier.Of)];
        _seriousCap = serious.AnnualCap?.ToDecimal();
        _registeredPoorUncapped = serious.RegisteredPoorUncapped;
        _suppInRate = policy.SupplementaryInsurance.InScopeRate.ToDecimal();
        _suppOutRate = policy.SupplementaryInsurance.OutOfScopeRate.ToDecimal();
        _suppCap = policy.SupplementaryInsurance.AnnualCap?.ToDecimal();
        _assistance = [.. policy.MedicalAssistance.ByCategory.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Rate.ToDecimal(), p.Value.AnnualCap?.ToDecimal()))];
        _guaranteeRate = policy.SpecialRelief.GuaranteeRate.ToDecimal();
        _highCostThreshold = policy.SpecialRelief.HighCostThreshold.ToDecimal();
        _highCostRate = policy.SpecialRelief.HighCostRate.ToDecimal();
    }

    /// <summary>The engine's claim with its amounts and rates as decimals.</summary>
    public static DecimalClaim Convert(Claim claim) => new(
        claim.Categories, claim.Hospital, claim.Referred, claim.InsuranceApplicable,
        [.. claim.Fees.Select(f => new DecimalFee(f.Class, f.Amount.ToDecimal(), f.OverLimit.ToDecimal(), f.SelfPayRatio?.ToDecimal()))]);

    public DecimalSettlement Settle(DecimalClaim claim, in DecimalTotals acc)
    {
        decimal inScope = 0, preSelfPay = 0, outOfScope = 0, overLimit = 0;
        foreach (var fee in claim.Fees)
        {
            switch (fee.Class)
            {
                case FeeClass.A:
                    overLimit += fee.OverLimit;
                    inScope += fee.Amount - fee.OverLimit;
                    break;
                case FeeClass.B:
                    var lineBase = fee.Amount - fee.OverLimit;
                    var pre = Round(lineBase * (fee.SelfPayRatio ?? _classBRatio));
                    overLimit += fee.OverLimit;
                    preSelfPay += pre;
                    inScope += lineBase - pre;
                    break;
                default:
                    outOfScope += fee.Amount;
                    break;
            }
        }

        var total = inScope + preSelfPay + outOfScope + overLimit;
        if (total <= 0)
        {
            throw new ArgumentException("A claim whose total cost is 0 cannot be settled.", nameof(claim));
        }

        var categories = claim.Categories;
        var poor = categories.IsPoor();
        var registeredPoor = categories.IsRegisteredPoor();
        var hospital = claim.Hospital;
        var insured = claim.InsuranceApplicable && hospital.Designated;

        // Line 1: basic insurance.
        decimal basic = 0;
        if (insured)
        {
            var level = hospital.Level - 1;
            var deductible = registeredPoor && _waivedByLevel[level] ? 0m : _deductibleByLevel[level];
            var rate = _rateByLevel[level];
            if (hospital.Region == Region.OutOfProvince)
            {
                rate -= _outOfProvinceCut;
            }

            if (hospital.Region != Region.InDistrict && !claim.Referred)
            {
                rate -= _unreferredCut;
            }

            basic = Round(Math.Max(0m, inScope - deductible) * Math.Max(0m, rate));
            if (_basicCap is { } cap)
            {
                basic = Math.Min(basic, Math.Max(0m, cap - acc.BasicPaid));
            }
        }

        // Line 2: serious illness, the claim's slice of the year's cumulative base.
        var seriousBase = insured ? inScope - basic : 0m;
        decimal serious = 0;
        if (insured)
        {
            var tiers = poor ? _poorTiers : _generalTiers;
            serious = Tiered(acc.SeriousIllnessBase + seriousBase, tiers) - Tiered(acc.SeriousIllnessBase, tiers);
            if (!(registeredPoor && _registeredPoorUncapped) && _seriousCap is { } cap)
            {
                serious = Math.Min(serious, Math.Max(0m, cap - acc.SeriousIllnessPaid));
            }
        }

        // Line 3: supplementary, poor only; the cap binds the in-scope part first.
        var inScopeLeft = inScope - basic - serious;
        decimal suppIn = 0, suppOut = 0;
        if (insured && poor)
        {
            suppIn = Round(inScopeLeft * _suppInRate);
            suppOut = Round((total - inScope) * _suppOutRate);
            if (_suppCap is { } cap)
            {
                var room = Math.Max(0m, cap - acc.SupplementaryPaid);
                suppIn = Math.Min(suppIn, room);
                suppOut = Math.Min(suppOut, room - suppIn);
            }
        }

        // Line 4: assistance by the most favourable category (highest rate, then no cap, then the larger cap).
        decimal assistance = 0;
        if (insured)
        {
            var found = false;
            decimal bestRate = 0;
            decimal? bestCap = null;
            foreach (var (category, rate, cap) in _assistance)
            {
                if (categories.Has(category) && (!found || rate > bestRate || (rate == bestRate && bestCap is not null && (cap is null || cap > bestCap))))
                {
                    (found, bestRate, bestCap) = (true, rate, cap);
                }
            }

            if (found)
            {
                assistance = Round((inScopeLeft - suppIn) * bestRate);
                if (bestCap is { } cap)
                {
                    assistance = Math.Min(assistance, Math.Max(0m, cap - acc.AssistancePaid));
                }
            }
        }

        var supplementary = suppIn + suppOut;
        var linesOneToFour = basic + serious + supplementary + assistance;

        // Line 5a: the 90% guarantee.
        var topUpEligible = poor && ((registeredPoor && (hospital.Region == Region.InDistrict || claim.Referred)) || !claim.InsuranceApplicable);
        var topUp = topUpEligible ? Math.Max(0m, Round(total * _guaranteeRate) - linesOneToFour) : 0m;

        // Line 5b: the high-cost rule on the year's self-pay after the top-up.
        var selfPay = total - linesOneToFour - topUp;
        var highCost = poor ? HighCost(acc.SelfPayAfterTopUp + selfPay) - HighCost(acc.SelfPayAfterTopUp) : 0m;

        var after = new DecimalTotals(
            acc.BasicPaid + basic,
            acc.SeriousIllnessBase + seriousBase,
            acc.SeriousIllnessPaid + serious,
            acc.SupplementaryPaid + supplementary,
            acc.AssistancePaid + assistance,
            poor ? acc.SelfPayAfterTopUp + selfPay : acc.SelfPayAfterTopUp,
            acc.HighCostReliefPaid + highCost);
        return new DecimalSettlement(total, basic, serious, supplementary, assistance, topUp, highCost,
            total - linesOneToFour - topUp - highCost, after);
    }

    private static decimal Round(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);

    private static decimal Tiered(decimal x, DecimalTier[] tiers)
    {
        decimal sum = 0;
        foreach (var tier in tiers)
        {
            var top = tier.To is { } to ? Math.Min(x, to) : x;
            sum += Math.Max(0m, top - tier.From) * tier.Rate;
        }

        return Round(sum);
    }

    private decimal HighCost(decimal selfPay) => Round(Math.Max(0m, selfPay - _highCostThreshold) * _highCostRate);
}

internal readonly record struct DecimalTier(decimal From, decimal? To, decimal Rate)
{
    public static DecimalTier Of(Tier tier) => new(tier.From.ToDecimal(), tier.To?.ToDecimal(), tier.Rate.ToDecimal());
}

internal readonly record struct DecimalFee(FeeClass Class, decimal Amount, decimal OverLimit, decimal? SelfPayRatio);

internal sealed record DecimalClaim(CategorySet Categories, HospitalProfile Hospital, bool Referred, bool InsuranceApplicable, DecimalFee[] Fees);

/// <summary>The member's year totals in yuan, the decimal twin of <see cref="Accumulators"/>.</summary>
public readonly record struct DecimalTotals(
    decimal BasicPaid,
    decimal SeriousIllnessBase,
    decimal SeriousIllnessPaid,
    decimal SupplementaryPaid,
    decimal AssistancePaid,
    decimal SelfPayAfterTopUp,
    decimal HighCostReliefPaid)
{
    internal static DecimalTotals Of(in Accumulators acc) => new(
        acc.BasicPaid.ToDecimal(), acc.SeriousIllnessBase.ToDecimal(), acc.SeriousIllnessPaid.ToDecimal(), acc.SupplementaryPaid.ToDecimal(),
        acc.AssistancePaid.ToDecimal(), acc.SelfPayAfterTopUp.ToDecimal(), acc.HighCostReliefPaid.ToDecimal());
}

public readonly record struct DecimalSettlement(
    decimal TotalCost,
    decimal Basic,
    decimal Serious,
    decimal Supplementary,
    decimal Assistance,
    decimal TopUp,
    decimal HighCost,
    decimal PatientPays,
    DecimalTotals After)
{
    /// <summary>Throws unless every amount equals the engine's to the fen.</summary>
    public void AssertAgrees(in SettlementResult engine, string what)
    {
        var p = engine.Payments;
        (string Name, decimal Baseline, Money Engine)[] pairs =
        [
            ("totalCost", TotalCost, engine.Split.TotalCost),
            ("basicInsurance", Basic, p.BasicInsurance),
            ("seriousIllnessInsurance", Serious, p.SeriousIllnessInsurance),
            ("supplementaryInsurance", Supplementary, p.SupplementaryInsurance),
            ("medicalAssistance", Assistance, p.MedicalAssistance),
            ("specialReliefTopUp", TopUp, p.SpecialReliefTopUp),
            ("specialReliefHighCost", HighCost, p.SpecialReliefHighCost),
            ("patientPays", PatientPays, engine.PatientPays),
        ];
        foreach (var (name, baseline, money) in pairs)
        {
            if (baseline != money.ToDecimal())
            {
                throw new InvalidOperationException($"{what}: the decimal baseline gives {name} {baseline:0.00}, the engine {money}.");
            }
        }
    }
}
