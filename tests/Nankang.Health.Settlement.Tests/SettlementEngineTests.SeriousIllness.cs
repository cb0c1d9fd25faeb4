using System.Collections.Immutable;
using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed partial class SettlementEngineTests
{
    /// <summary>Basic insurance already at its cap, so the claim's serious-illness base is its whole in-scope cost.</summary>
    private static readonly Accumulators BasicExhausted = Accumulators.Empty with { BasicPaid = Yuan("150000") };

    [Theory]
    // poor tiers: above 5,000 at 65%: 5,000.01 → 0.01 × 65% = 0.0065 → 0.01
    [InlineData(CategorySet.RegisteredPoor, "4999.99", "0")]
    [InlineData(CategorySet.RegisteredPoor, "5000", "0")]
    [InlineData(CategorySet.RegisteredPoor, "5000.01", "0.01")]
    [InlineData(CategorySet.Dibao, "5000", "0")]
    [InlineData(CategorySet.Dibao, "5000.01", "0.01")]
    [InlineData(CategorySet.Tekun, "5000.01", "0.01")]
    [InlineData(CategorySet.Tekun, "6000", "650")] // 1,000 × 65%
    // general tiers: above 10,000 at 60%: 10,000.01 → 0.006 → 0.01; Marginal is not poor
    [InlineData(CategorySet.None, "5000.01", "0")]
    [InlineData(CategorySet.None, "9999.99", "0")]
    [InlineData(CategorySet.None, "10000", "0")]
    [InlineData(CategorySet.None, "10000.01", "0.01")]
    [InlineData(CategorySet.Marginal, "10000", "0")]
    [InlineData(CategorySet.Marginal, "10000.01", "0.01")]
    [InlineData(CategorySet.Marginal, "11000", "600")] // 1,000 × 60%
    public void Serious_ThresholdByPoverty(CategorySet categories, string seriousBase, string expected)
    {
        var result = Settle(Build.Claim(categories, [A(seriousBase)]), BasicExhausted);
        Assert.Equal(Money.Zero, result.Payments.BasicInsurance);
        Assert.Equal(Yuan(expected), result.Payments.SeriousIllnessInsurance);
        Assert.Equal(Yuan(seriousBase), result.After.SeriousIllnessBase);
    }

    [Fact]
    public void Serious_BaseIncludesTheDeductible()
    {
        // level 3, in-scope 20,600: basic = (20,600 − 600) × 65% = 13,000; base = 20,600 − 13,000 = 7,600 (deductible included)
        var result = Settle(Build.Claim(CategorySet.Dibao, [A("20600")], level: 3));
        Assert.Equal(Yuan("13000"), result.Payments.BasicInsurance);
        Assert.Equal(Yuan("7600"), result.After.SeriousIllnessBase);
        // poor tier: (7,600 − 5,000) × 65% = 1,690
        Assert.Equal(Yuan("1690"), result.Payments.SeriousIllnessInsurance);
    }

    [Fact]
    public void Serious_CumulativeSlicesAcrossClaims()
    {
        // general member, level 3, three claims of in-scope 20,600: basic 13,000 each (total 39,000, under the cap), base 7,600 each.
        // cumulative 7,600 → F = 0; 15,200 → F = 5,200 × 60% = 3,120; 22,800 → F = 12,800 × 60% = 7,680
        // slices: 0; 3,120 − 0 = 3,120; 7,680 − 3,120 = 4,560
        var claim = Build.Claim(CategorySet.None, [A("20600")], level: 3);
        var results = YearChain.Settle([new(claim, Policy), new(claim, Policy), new(claim, Policy)]);
        Assert.Equal([Money.Zero, Yuan("3120"), Yuan("4560")], results.Select(r => r.Payments.SeriousIllnessInsurance));
        Assert.Equal(Yuan("22800"), results[^1].After.SeriousIllnessBase);
        Assert.Equal(Yuan("7680"), results[^1].After.SeriousIllnessPaid);
    }

    [Fact]
    public void Serious_Slice_IsTheDifferenceOfRoundedCumulativeAmounts()
    {
        // poor: F(5,000.01) = round(0.0065) = 0.01; F(5,000.02) = round(0.013) = 0.01 → the 0.01 slice pays 0.00
        // (rounding the slice on its own would pay round(0.0065) = 0.01)
        var acc = BasicExhausted with { SeriousIllnessBase = Yuan("5000.01") };
        Assert.Equal(Money.Zero, Settle(Build.Claim(CategorySet.Dibao, [A("0.01")]), acc).Payments.SeriousIllnessInsurance);
    }

    [Theory]
    // poor tier slice on 5,000 prior + 10,000 base = 10,000 × 65% = 6,500; room = 300,000 − paid so far
    [InlineData(CategorySet.Dibao, "293500", "6500")]
    [InlineData(CategorySet.Dibao, "293499.99", "6500")]
    [InlineData(CategorySet.Dibao, "293500.01", "6499.99")]
    [InlineData(CategorySet.Dibao, "300000", "0")]
    [InlineData(CategorySet.Tekun, "293500.01", "6499.99")]
    [InlineData(CategorySet.Tekun | CategorySet.Marginal, "300000", "0")]
    // registered poor: no cap at all
    [InlineData(CategorySet.RegisteredPoor, "293500.01", "6500")]
    [InlineData(CategorySet.RegisteredPoor, "300000", "6500")]
    [InlineData(CategorySet.RegisteredPoor | CategorySet.Dibao, "1000000", "6500")]
    public void Serious_AnnualCapForAllButRegisteredPoor(CategorySet categories, string paidSoFar, string expected)
    {
        var acc = BasicExhausted with { SeriousIllnessBase = Yuan("5000"), SeriousIllnessPaid = Yuan(paidSoFar) };
        var result = Settle(Build.Claim(categories, [A("10000")]), acc);
        Assert.Equal(Yuan(expected), result.Payments.SeriousIllnessInsurance);
        Assert.Equal(Yuan(paidSoFar) + Yuan(expected), result.After.SeriousIllnessPaid);
    }

    [Theory]
    // general tier slice on 10,000 prior + 10,000 base = 10,000 × 60% = 6,000; room = 300,000 − paid so far
    [InlineData("294000", "6000")]
    [InlineData("294000.01", "5999.99")]
    public void Serious_AnnualCapForGeneralMembers(string paidSoFar, string expected)
    {
        var acc = BasicExhausted with { SeriousIllnessBase = Yuan("10000"), SeriousIllnessPaid = Yuan(paidSoFar) };
        Assert.Equal(Yuan(expected), Settle(Build.Claim(CategorySet.None, [A("10000")]), acc).Payments.SeriousIllnessInsurance);
    }

    [Fact]
    public void Serious_MemberBecomesPoorMidYear_PoorTiersApplyToLaterSlicesOnly()
    {
        // level 3, in-scope 20,600 → basic 13,000, base 7,600 each claim.
        // 1st as a general member: F_general(7,600) = 0.
        // 2nd as registered poor (level 3 keeps the deductible): F_poor(15,200) − F_poor(7,600) = 6,630 − 1,690 = 4,940;
        // the 1,690 the poor tiers would have paid on the first 7,600 is not caught up.
        var general = Build.Claim(CategorySet.None, [A("20600")], level: 3);
        var poor = Build.Claim(CategorySet.RegisteredPoor, [A("20600")], level: 3);
        var results = YearChain.Settle([new(general, Policy), new(poor, Policy)]);
        Assert.Equal([Money.Zero, Yuan("4940")], results.Select(r => r.Payments.SeriousIllnessInsurance));
    }

    [Fact]
    public void Serious_MemberLeavesPovertyMidYear_NothingIsPaidBack()
    {
        // 1st as Dibao: F_poor(7,600) = 2,600 × 65% = 1,690.
        // 2nd as a general member: F_general(15,200) − F_general(7,600) = 3,120 − 0 = 3,120; the 1,690 stays paid.
        var poor = Build.Claim(CategorySet.Dibao, [A("20600")], level: 3);
        var general = Build.Claim(CategorySet.None, [A("20600")], level: 3);
        var results = YearChain.Settle([new(poor, Policy), new(general, Policy)]);
        Assert.Equal([Yuan("1690"), Yuan("3120")], results.Select(r => r.Payments.SeriousIllnessInsurance));
        Assert.Equal(Yuan("4810"), results[^1].After.SeriousIllnessPaid);
    }

    [Fact]
    public void Serious_TieredSchedule_SumsEachTierPartAndRoundsOnce()
    {
        var tiers = ImmutableArray.Create(
            new Tier(Yuan("5000"), Yuan("10000"), Rate.Parse("0.5")),
            new Tier(Yuan("20000"), null, Rate.Parse("0.7")));

        // x = 25,000.01: (10,000 − 5,000) × 50% + (25,000.01 − 20,000) × 70% = 2,500 + 3,500.007 = 6,000.007 → 6,000.01;
        // the gap 10,000–20,000 pays nothing
        Assert.Equal(Yuan("6000.01"), SettlementEngine.Tiered(Yuan("25000.01"), tiers));
        // x = 15,000: 2,500 + 0
        Assert.Equal(Yuan("2500"), SettlementEngine.Tiered(Yuan("15000"), tiers));
        Assert.Equal(Money.Zero, SettlementEngine.Tiered(Yuan("5000"), tiers));
    }
}
