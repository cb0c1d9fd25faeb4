using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed partial class SettlementEngineTests
{
    /// <summary>Level 2 in district, A 10,000.</summary>
    private static Claim AssistanceClaim(CategorySet categories) => Build.Claim(categories, [A("10000")]);

    [Theory]
    // Marginal (not poor): basic = (10,000 − 400) × 80% = 7,680; base 2,320 below 10,000; no supplementary;
    //   assistance = 2,320 × 50% = 1,160
    [InlineData(CategorySet.Marginal, "1160", Category.Marginal)]
    // Dibao: basic 7,680; supplementary = 2,320 × 90% = 2,088; assistance = 232 × 70% = 162.40
    [InlineData(CategorySet.Dibao, "162.40", Category.Dibao)]
    [InlineData(CategorySet.Dibao | CategorySet.Marginal, "162.40", Category.Dibao)]
    // Tekun: 232 × 100% = 232
    [InlineData(CategorySet.Tekun, "232", Category.Tekun)]
    [InlineData(CategorySet.Tekun | CategorySet.Dibao | CategorySet.Marginal, "232", Category.Tekun)]
    // RegisteredPoor (deductible waived): basic 8,000; supplementary 1,800; assistance = 200 × 70% = 140
    [InlineData(CategorySet.RegisteredPoor, "140", Category.RegisteredPoor)]
    [InlineData(CategorySet.RegisteredPoor | CategorySet.Marginal, "140", Category.RegisteredPoor)]
    // RegisteredPoor and Tekun: 200 × 100% = 200
    [InlineData(CategorySet.RegisteredPoor | CategorySet.Tekun, "200", Category.Tekun)]
    public void Assistance_MostFavourableCategory(CategorySet categories, string expected, Category applied)
    {
        var result = Settle(AssistanceClaim(categories));
        Assert.Equal(Yuan(expected), result.Payments.MedicalAssistance);
        Assert.Equal(applied, result.Assistance.Category);
    }

    [Fact]
    public void Assistance_NoCategory_PaysNothing()
    {
        var result = Settle(AssistanceClaim(CategorySet.None));
        Assert.Equal(Money.Zero, result.Payments.MedicalAssistance);
        Assert.Equal(LineNote.NoAssistanceCategory, result.Assistance.Note);
    }

    [Theory]
    // Marginal: uncapped 1,160; room = 30,000 − paid so far
    [InlineData(CategorySet.Marginal, "28840", "1160")]
    [InlineData(CategorySet.Marginal, "28839.99", "1160")]
    [InlineData(CategorySet.Marginal, "28840.01", "1159.99")]
    [InlineData(CategorySet.Marginal, "30000", "0")]
    // RegisteredPoor: uncapped 140; room 100 → 100
    [InlineData(CategorySet.RegisteredPoor, "29900", "100")]
    [InlineData(CategorySet.Dibao, "30000", "0")]
    // Tekun has no cap: 232 whatever was paid
    [InlineData(CategorySet.Tekun, "30000", "232")]
    [InlineData(CategorySet.Tekun, "1000000", "232")]
    public void Assistance_AnnualCapUnlessTekun(CategorySet categories, string paidSoFar, string expected)
    {
        var acc = Accumulators.Empty with { AssistancePaid = Yuan(paidSoFar) };
        var result = Settle(AssistanceClaim(categories), acc);
        Assert.Equal(Yuan(expected), result.Payments.MedicalAssistance);
        Assert.Equal(Yuan(paidSoFar) + Yuan(expected), result.After.AssistancePaid);
    }

    [Fact]
    public void Assistance_BaseIsWhatTheFirstThreeLinesLeftInScope()
    {
        // Dibao, level 3, in-scope 20,600 + C 5,000: basic 13,000; base 7,600 → serious (7,600 − 5,000) × 65% = 1,690;
        // left 20,600 − 13,000 − 1,690 = 5,910; supplementary 5,319; assistance = 591 × 70% = 413.70 (out-of-scope cost not counted)
        var result = Settle(Build.Claim(CategorySet.Dibao, [A("20600"), C("5000")], level: 3));
        Assert.Equal(Yuan("5319"), result.Payments.SupplementaryInsurance);
        Assert.Equal(Yuan("413.70"), result.Payments.MedicalAssistance);
    }
}
