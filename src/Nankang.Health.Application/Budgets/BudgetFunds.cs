using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Budgets;

/// <summary>
/// A fund the bureau budgets, and the statement lines it pays. The special relief fund (640100) pays the 90% top-up, the
/// high-cost rule and the caregiver allowance (the plan's 三(1)–(3)); rehabilitation for disabled children is the disabled
/// persons' federation's fund; anti-poverty
/// insurance (防贫保) is paid by the insurer, its budget line the premium (claims against premium: the loss ratio).
/// </summary>
public sealed record BudgetFund(string Key, IReadOnlyList<string> Lines)
{
    public static readonly IReadOnlyList<BudgetFund> All =
    [
        new("basicInsurance", [Fund.BasicInsurance.Key()]),
        new("seriousIllnessInsurance", [Fund.SeriousIllnessInsurance.Key()]),
        new("supplementaryInsurance", [Fund.SupplementaryInsurance.Key()]),
        new("medicalAssistance", [Fund.MedicalAssistance.Key()]),
        new("specialRelief", [Fund.SpecialReliefTopUp.Key(), Fund.SpecialReliefHighCost.Key(), AllowanceLines.Caregiver]),
        new("childRehabilitation", [AllowanceLines.ChildRehabilitation]),
        new("antiPovertyInsurance", [AllowanceLines.AntiPovertyInsurance]),
    ];

    public static BudgetFund? Find(string key) => All.FirstOrDefault(f => f.Key == key);

    /// <summary>The fund code under <paramref name="policy"/>.</summary>
    public string FundCode(SettlementPolicy policy) => Key switch
    {
        "basicInsurance" => policy.FundCode(Fund.BasicInsurance),
        "seriousIllnessInsurance" => policy.FundCode(Fund.SeriousIllnessInsurance),
        "supplementaryInsurance" => policy.FundCode(Fund.SupplementaryInsurance),
        "medicalAssistance" => policy.FundCode(Fund.MedicalAssistance),
        "specialRelief" => policy.SpecialRelief.FundCode,
        "antiPovertyInsurance" => policy.AntiPovertyInsurance.FundCode,
        _ => policy.ChildRehabilitation.FundCode,
    };
}
