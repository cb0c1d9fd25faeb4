using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed partial class SettlementEngineTests
{
    private static readonly Rate DefaultRatio = Rate.Parse("0.10");

    [Fact]
    public void Split_ClassA_IsInScopeLessOverLimit()
    {
        // base = 1,000 − 200 = 800 in scope; 200 over the limit
        var split = SettlementEngine.Split(Lines(A("1000", "200")), DefaultRatio);
        Assert.Equal(new CostSplit(Yuan("1000"), Yuan("800"), Money.Zero, Money.Zero, Yuan("200")), split);
    }

    [Fact]
    public void Split_ClassBWithDefaultRatio_PatientFirstPaysTenPercent()
    {
        // pre = 1,000 × 10% = 100; in scope 900
        var split = SettlementEngine.Split(Lines(B("1000")), DefaultRatio);
        Assert.Equal(new CostSplit(Yuan("1000"), Yuan("900"), Yuan("100"), Money.Zero, Money.Zero), split);
    }

    [Fact]
    public void Split_ClassBWithExplicitRatio_OverridesTheDefault()
    {
        // pre = 1,000 × 20% = 200; in scope 800
        var split = SettlementEngine.Split(Lines(B("1000", ratio: "0.2")), DefaultRatio);
        Assert.Equal(new CostSplit(Yuan("1000"), Yuan("800"), Yuan("200"), Money.Zero, Money.Zero), split);
    }

    [Fact]
    public void Split_ClassBWithFourDecimalRatio_RoundsThePreSelfPay()
    {
        // pre = 123.45 × 12.34% = 15.23373 → 15.23; in scope 123.45 − 15.23 = 108.22
        var split = SettlementEngine.Split(Lines(B("123.45", ratio: "0.1234")), DefaultRatio);
        Assert.Equal(new CostSplit(Yuan("123.45"), Yuan("108.22"), Yuan("15.23"), Money.Zero, Money.Zero), split);
    }

    [Theory]
    [InlineData("0", "0", "1000")]
    [InlineData("1", "1000", "0")]
    public void Split_ClassBRatioAtItsBounds_AllInScopeOrAllPreSelfPay(string ratio, string pre, string inScope)
    {
        var split = SettlementEngine.Split(Lines(B("1000", ratio: ratio)), DefaultRatio);
        Assert.Equal(Yuan(pre), split.PreSelfPay);
        Assert.Equal(Yuan(inScope), split.InScope);
    }

    [Fact]
    public void Split_ClassBWithOverLimit_RatioAppliesToTheBaseOnly()
    {
        // base = 1,000 − 300 = 700; pre = 700 × 10% = 70; in scope 630; over-limit 300
        var split = SettlementEngine.Split(Lines(B("1000", "300")), DefaultRatio);
        Assert.Equal(new CostSplit(Yuan("1000"), Yuan("630"), Yuan("70"), Money.Zero, Yuan("300")), split);
    }

    [Fact]
    public void Split_ClassBPreSelfPay_IsRoundedPerLine()
    {
        // each line: 0.05 × 10% = 0.005 → 0.01 (half away from zero); two lines → 0.02, in scope 0.08.
        // Rounding the 0.10 total once would give 0.01.
        var split = SettlementEngine.Split(Lines(B("0.05"), B("0.05")), DefaultRatio);
        Assert.Equal(Yuan("0.02"), split.PreSelfPay);
        Assert.Equal(Yuan("0.08"), split.InScope);
    }

    [Fact]
    public void Split_ClassC_IsWhollyOutsideScope()
    {
        var split = SettlementEngine.Split(Lines(C("1000")), DefaultRatio);
        Assert.Equal(new CostSplit(Yuan("1000"), Money.Zero, Money.Zero, Yuan("1000"), Money.Zero), split);
    }

    [Fact]
    public void Split_MixedLines_SumsEachPart()
    {
        // A 15,000 (over-limit 500) + B 3,000 (over-limit 1,000, ratio 15%) + B 2,000 + C 2,000 + A 0
        // in scope = 14,500 + (2,000 − 300) + (2,000 − 200) = 18,000; pre = 300 + 200 = 500; outside 2,000; over-limit 1,500
        var split = SettlementEngine.Split(
            Lines(A("15000", "500"), B("3000", "1000", "0.15"), B("2000"), C("2000"), A("0")), DefaultRatio);
        Assert.Equal(new CostSplit(Yuan("22000"), Yuan("18000"), Yuan("500"), Yuan("2000"), Yuan("1500")), split);
    }

    [Fact]
    public void Settle_PolicyDefaultRatio_IsUsedForClassBWithoutItsOwnRatio()
    {
        var policy = TestPolicies.Modified(p => p.Section("costSplit")["classBSelfPayRatio"] = 0.3m);

        // B 1,000 → pre 300 (policy default 30%); B 1,000 with its own 5% → pre 50
        var result = Settle(Build.Claim(CategorySet.None, [B("1000"), B("1000", ratio: "0.05")]), policy: policy);
        Assert.Equal(Yuan("350"), result.Split.PreSelfPay);
        Assert.Equal(Yuan("1650"), result.Split.InScope);
    }
}
