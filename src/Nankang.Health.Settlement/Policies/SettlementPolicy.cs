using System.Collections.Immutable;
using Nankang.Health.Settlement.Allowances;

namespace Nankang.Health.Settlement.Policies;

/// <summary>
/// Every parameter of the rules for one period: loaded from a versioned JSON file, never written in code.
/// Amounts are yuan with two decimals in the file and <see cref="Money"/> here; rates are fractions in the file.
/// </summary>
public sealed record SettlementPolicy(
    string Version,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    CostSplitPolicy CostSplit,
    BasicInsurancePolicy BasicInsurance,
    SeriousIllnessPolicy SeriousIllnessInsurance,
    SupplementaryPolicy SupplementaryInsurance,
    AssistancePolicy MedicalAssistance,
    SpecialReliefPolicy SpecialRelief,
    CaregiverPolicy CaregiverAllowance,
    ChildRehabilitationPolicy ChildRehabilitation,
    AntiPovertyInsurancePolicy AntiPovertyInsurance)
{
    public bool Covers(DateOnly day) => EffectiveFrom <= day && (EffectiveTo is null || day <= EffectiveTo.Value);

    /// <summary>The fund code of a payment line (the national fund-payment-type dictionary).</summary>
    public string FundCode(Fund fund) => fund switch
    {
        Fund.BasicInsurance => BasicInsurance.FundCode,
        Fund.SeriousIllnessInsurance => SeriousIllnessInsurance.FundCode,
        Fund.SupplementaryInsurance => SupplementaryInsurance.FundCode,
        Fund.MedicalAssistance => MedicalAssistance.FundCode,
        Fund.SpecialReliefTopUp or Fund.SpecialReliefHighCost => SpecialRelief.FundCode,
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, null),
    };
}

/// <summary>§4: the default self-pay ratio of class B lines (先行自付).</summary>
public sealed record CostSplitPolicy(Rate ClassBSelfPayRatio);

/// <summary>§5.1 basic medical insurance. Arrays are indexed by hospital level − 1.</summary>
public sealed record BasicInsurancePolicy(
    string FundCode,
    ImmutableArray<Money> DeductibleByLevel,
    ImmutableArray<int> RegisteredPoorWaivedLevels,
    ImmutableArray<Rate> RateByLevel,
    Rate OutOfProvinceCut,
    Rate UnreferredOutOfDistrictCut,
    Money? AnnualCap)
{
    public Money Deductible(int level) => DeductibleByLevel[level - 1];

    public Rate BaseRate(int level) => RateByLevel[level - 1];

    public bool WaivesDeductible(int level) => RegisteredPoorWaivedLevels.Contains(level);
}

/// <summary>One tier of a cumulative schedule: the part of the base between From and To (null = no top) at Rate.</summary>
public readonly record struct Tier(Money From, Money? To, Rate Rate);

/// <summary>§5.2 serious-illness insurance: cumulative tiers for poor members and for others, and the annual cap.</summary>
public sealed record SeriousIllnessPolicy(
    string FundCode,
    ImmutableArray<Tier> PoorTiers,
    ImmutableArray<Tier> GeneralTiers,
    Money? AnnualCap,
    bool RegisteredPoorUncapped);

/// <summary>§5.3 supplementary insurance for poor members.</summary>
public sealed record SupplementaryPolicy(string FundCode, Rate InScopeRate, Rate OutOfScopeRate, Money? AnnualCap);

/// <summary>The assistance terms of one category: its rate and annual cap (null = none).</summary>
public readonly record struct AssistanceTerms(Rate Rate, Money? AnnualCap);

/// <summary>§5.4 medical assistance, by the member's most favourable category.</summary>
public sealed record AssistancePolicy(string FundCode, ImmutableDictionary<Category, AssistanceTerms> ByCategory)
{
    /// <summary>
    /// The most favourable terms among <paramref name="categories"/>: the highest rate, then no cap over a cap,
    /// then the larger cap. Null when no category of the set has terms.
    /// </summary>
    public (Category Category, AssistanceTerms Terms)? MostFavourable(CategorySet categories)
    {
        (Category Category, AssistanceTerms Terms)? best = null;
        foreach (var (category, terms) in ByCategory)
        {
            if (!categories.Has(category))
            {
                continue;
            }

            if (best is null || IsBetter(terms, best.Value.Terms) || (Equivalent(terms, best.Value.Terms) && category < best.Value.Category))
            {
                best = (category, terms);
            }
        }

        return best;
    }

    private static bool Equivalent(AssistanceTerms a, AssistanceTerms b) => a.Rate == b.Rate && a.AnnualCap == b.AnnualCap;

    private static bool IsBetter(AssistanceTerms candidate, AssistanceTerms current)
    {
        if (candidate.Rate.BasisPoints != current.Rate.BasisPoints)
        {
            return candidate.Rate.BasisPoints > current.Rate.BasisPoints;
        }

        return (candidate.AnnualCap, current.AnnualCap) switch
        {
            (null, not null) => true,
            ({ } a, { } b) => a > b,
            _ => false,
        };
    }
}

/// <summary>§5.5 the special relief fund: the guarantee rate of the total cost and the high-cost rule.</summary>
public sealed record SpecialReliefPolicy(string FundCode, Rate GuaranteeRate, Money HighCostThreshold, Rate HighCostRate);

/// <summary>
/// §7a anti-poverty insurance (防贫保): who is covered (a covered category and none of the poor ones), the warning line
/// on the year's self-pay, the payout slices from the line upwards (contiguous, the last open) and the cap per member-year.
/// </summary>
public sealed record AntiPovertyInsurancePolicy(
    string FundCode,
    string Payee,
    ImmutableArray<Category> CoveredCategories,
    Money WarningLine,
    ImmutableArray<Tier> Slices,
    Money AnnualCap);

/// <summary>§7 caregiver allowance: a monthly amount up to an annual cap.</summary>
public sealed record CaregiverPolicy(string FundCode, Money MonthlyAmount, Money AnnualCap);

/// <summary>§7 rehabilitation for disabled children: the age limit, paid months per year and monthly caps by condition.</summary>
public sealed record ChildRehabilitationPolicy(
    string FundCode,
    int AgeBelow,
    int MaxPaidMonthsPerYear,
    ImmutableDictionary<RehabCondition, Money> MonthlyCapByCondition);
