namespace Nankang.Health.Settlement;

/// <summary>The six payment lines of a settlement, in the order they are computed.</summary>
public enum Fund
{
    /// <summary>城乡居民基本医疗保险.</summary>
    BasicInsurance,

    /// <summary>大病保险.</summary>
    SeriousIllnessInsurance,

    /// <summary>贫困人口疾病医疗补充保险.</summary>
    SupplementaryInsurance,

    /// <summary>医疗救助.</summary>
    MedicalAssistance,

    /// <summary>健康扶贫专项救助资金: the 90% guarantee.</summary>
    SpecialReliefTopUp,

    /// <summary>健康扶贫专项救助资金: 50% of annual self-pay above the threshold.</summary>
    SpecialReliefHighCost,
}

public static class Funds
{
    public static readonly IReadOnlyList<Fund> All = Enum.GetValues<Fund>();

    /// <summary>The camelCase key of the fund in the <c>payments</c> object of the HTTP contract.</summary>
    public static string Key(this Fund fund) => fund switch
    {
        Fund.BasicInsurance => "basicInsurance",
        Fund.SeriousIllnessInsurance => "seriousIllnessInsurance",
        Fund.SupplementaryInsurance => "supplementaryInsurance",
        Fund.MedicalAssistance => "medicalAssistance",
        Fund.SpecialReliefTopUp => "specialReliefTopUp",
        Fund.SpecialReliefHighCost => "specialReliefHighCost",
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, null),
    };
}

/// <summary>
/// The amounts paid by each of the six funds. The named properties are the engine's; everything that handles the funds
/// alike (totals, sums, differences, storage) goes through <see cref="Of"/> and the indexer over <see cref="Funds.All"/>.
/// </summary>
public readonly record struct FundPayments(
    Money BasicInsurance,
    Money SeriousIllnessInsurance,
    Money SupplementaryInsurance,
    Money MedicalAssistance,
    Money SpecialReliefTopUp,
    Money SpecialReliefHighCost)
{
    public static readonly FundPayments Zero;

    /// <summary>The payments whose amount for each fund is <paramref name="amount"/>(fund).</summary>
    public static FundPayments Of(Func<Fund, Money> amount) => new(
        amount(Fund.BasicInsurance),
        amount(Fund.SeriousIllnessInsurance),
        amount(Fund.SupplementaryInsurance),
        amount(Fund.MedicalAssistance),
        amount(Fund.SpecialReliefTopUp),
        amount(Fund.SpecialReliefHighCost));

    public Money Total
    {
        get
        {
            var total = Money.Zero;
            for (var i = 0; i < Funds.All.Count; i++)
            {
                // Σ over the funds.
                total += this[Funds.All[i]];
            }

            return total;
        }
    }

    public Money this[Fund fund] => fund switch
    {
        Fund.BasicInsurance => BasicInsurance,
        Fund.SeriousIllnessInsurance => SeriousIllnessInsurance,
        Fund.SupplementaryInsurance => SupplementaryInsurance,
        Fund.MedicalAssistance => MedicalAssistance,
        Fund.SpecialReliefTopUp => SpecialReliefTopUp,
        Fund.SpecialReliefHighCost => SpecialReliefHighCost,
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, null),
    };

    // Fund by fund: a + b.
    public static FundPayments operator +(FundPayments a, FundPayments b) => Zip(a, b, static (x, y) => x + y);

    // Fund by fund: a − b.
    public static FundPayments operator -(FundPayments a, FundPayments b) => Zip(a, b, static (x, y) => x - y);

    // Fund by fund: −a.
    public static FundPayments operator -(FundPayments a) => Zip(a, a, static (x, _) => -x);

    /// <summary>Fund by fund <c>op(a, b)</c>; static lambdas, so the arithmetic allocates nothing.</summary>
    private static FundPayments Zip(in FundPayments a, in FundPayments b, Func<Money, Money, Money> op) => new(
        op(a.BasicInsurance, b.BasicInsurance),
        op(a.SeriousIllnessInsurance, b.SeriousIllnessInsurance),
        op(a.SupplementaryInsurance, b.SupplementaryInsurance),
        op(a.MedicalAssistance, b.MedicalAssistance),
        op(a.SpecialReliefTopUp, b.SpecialReliefTopUp),
        op(a.SpecialReliefHighCost, b.SpecialReliefHighCost));
}
