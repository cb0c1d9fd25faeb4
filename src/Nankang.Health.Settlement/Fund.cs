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

/// <summary>The amounts paid by each of the six funds.</summary>
public readonly record struct FundPayments(
    Money BasicInsurance,
    Money SeriousIllnessInsurance,
    Money SupplementaryInsurance,
    Money MedicalAssistance,
    Money SpecialReliefTopUp,
    Money SpecialReliefHighCost)
{
    public static readonly FundPayments Zero;

    public Money Total =>
        BasicInsurance + SeriousIllnessInsurance + SupplementaryInsurance + MedicalAssistance + SpecialReliefTopUp + SpecialReliefHighCost;

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

    public static FundPayments operator +(FundPayments a, FundPayments b) => new(
        a.BasicInsurance + b.BasicInsurance,
        a.SeriousIllnessInsurance + b.SeriousIllnessInsurance,
        a.SupplementaryInsurance + b.SupplementaryInsurance,
        a.MedicalAssistance + b.MedicalAssistance,
        a.SpecialReliefTopUp + b.SpecialReliefTopUp,
        a.SpecialReliefHighCost + b.SpecialReliefHighCost);

    public static FundPayments operator -(FundPayments a, FundPayments b) => a + (-b);

    public static FundPayments operator -(FundPayments a) => new(
        -a.BasicInsurance,
        -a.SeriousIllnessInsurance,
        -a.SupplementaryInsurance,
        -a.MedicalAssistance,
        -a.SpecialReliefTopUp,
        -a.SpecialReliefHighCost);
}
