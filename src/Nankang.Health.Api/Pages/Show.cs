using System.Globalization;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Pages;

/// <summary>How the console writes numbers: yuan with two decimals and thousands separators, ratios as percentages.</summary>
public static class Show
{
    public static string Yuan(Money amount) => amount.ToDecimal().ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Yuan(Money? amount) => amount is { } a ? Yuan(a) : "—";

    public static string Percent(decimal ratio) => (ratio * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The payment lines by their <c>payments</c> key, in Chinese.</summary>
    public static string Line(string key) => key switch
    {
        "basicInsurance" => "基本医保",
        "seriousIllnessInsurance" => "大病保险",
        "supplementaryInsurance" => "补充保险",
        "medicalAssistance" => "医疗救助",
        "specialReliefTopUp" => "专项救助（90%兜底）",
        "specialReliefHighCost" => "专项救助（高额费用）",
        "caregiverAllowance" => "护理补贴",
        "childRehabilitation" => "残疾儿童康复救助",
        "antiPovertyInsurance" => "防贫保",
        "specialRelief" => "健康扶贫专项救助资金",
        _ => key,
    };

    /// <summary>The state of an anti-poverty insurance review, in Chinese.</summary>
    public static string Review(string decision) => decision switch
    {
        "Approved" => "已批准",
        "Rejected" => "不予赔付",
        _ => "待审核",
    };

    /// <summary>A rehabilitation condition (§7), in Chinese.</summary>
    public static string Condition(Settlement.Allowances.RehabCondition condition) => condition switch
    {
        Settlement.Allowances.RehabCondition.CerebralPalsy => "脑瘫",
        Settlement.Allowances.RehabCondition.Deafness => "听力残疾",
        Settlement.Allowances.RehabCondition.Autism => "孤独症",
        Settlement.Allowances.RehabCondition.IntellectualDisability => "智力残疾",
        _ => condition.ToString(),
    };

    public static string Category(Category category) => category switch
    {
        Settlement.Category.RegisteredPoor => "建档立卡贫困户",
        Settlement.Category.Dibao => "低保对象",
        Settlement.Category.Tekun => "特困供养人员",
        Settlement.Category.Marginal => "边缘户",
        _ => category.ToString(),
    };
}
