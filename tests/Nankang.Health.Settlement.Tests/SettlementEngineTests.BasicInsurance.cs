using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed partial class SettlementEngineTests
{
    [Theory]
    // in-scope 10,000 in district: level 1 (10,000 − 100) × 90% = 8,910; level 2 (10,000 − 400) × 80% = 7,680;
    // level 3 (10,000 − 600) × 65% = 6,110
    [InlineData(1, "8910")]
    [InlineData(2, "7680")]
    [InlineData(3, "6110")]
    public void Basic_DeductibleAndRateByLevel(int level, string expected) =>
        Assert.Equal(Yuan(expected), Settle(Build.Claim(CategorySet.None, [A("10000")], level: level)).Payments.BasicInsurance);

    [Theory]
    // registered poor: no deductible at levels 1 and 2 (10,000 × 90% = 9,000; × 80% = 8,000); level 3 keeps it: 9,400 × 65% = 6,110
    [InlineData(1, "9000")]
    [InlineData(2, "8000")]
    [InlineData(3, "6110")]
    public void Basic_RegisteredPoor_DeductibleWaivedAtLevelsOneAndTwoOnly(int level, string expected)
    {
        var result = Settle(Build.Claim(CategorySet.RegisteredPoor, [A("10000")], level: level));
        Assert.Equal(Yuan(expected), result.Payments.BasicInsurance);
        Assert.Equal(level < 3, result.Basic.Flag);
    }

    [Theory]
    // other poor categories keep the deductible: level 1 (10,000 − 100) × 90% = 8,910
    [InlineData(CategorySet.Dibao)]
    [InlineData(CategorySet.Tekun)]
    [InlineData(CategorySet.Marginal)]
    public void Basic_PoorButNotRegistered_KeepsTheDeductible(CategorySet categories) =>
        Assert.Equal(Yuan("8910"), Settle(Build.Claim(categories, [A("10000")], level: 1)).Payments.BasicInsurance);

    [Theory]
    // level 3, in-scope 10,000, deductible 600 → 9,400 × rate
    [InlineData(Region.InDistrict, false, "6110")] // 65%
    [InlineData(Region.InDistrict, true, "6110")] // 65%
    [InlineData(Region.InCity, true, "6110")] // 65%
    [InlineData(Region.InCity, false, "5170")] // 65 − 10 = 55%
    [InlineData(Region.InProvince, true, "6110")] // 65%
    [InlineData(Region.InProvince, false, "5170")] // 55%
    [InlineData(Region.OutOfProvince, true, "5170")] // 65 − 10 = 55%
    [InlineData(Region.OutOfProvince, false, "4230")] // 65 − 10 − 10 = 45%
    public void Basic_RateCutsByRegionAndReferral(Region region, bool referred, string expected) =>
        Assert.Equal(Yuan(expected), Settle(Build.Claim(CategorySet.None, [A("10000")], level: 3, region: region, referred: referred)).Payments.BasicInsurance);

    [Theory]
    // level 3 at 15% in a modified policy: out of province and unreferred 15 − 10 − 10 → 0 (never below 0);
    // referred 15 − 10 = 5% → 9,400 × 5% = 470
    [InlineData(false, "0", 0)]
    [InlineData(true, "470", 500)]
    public void Basic_RateCutsBelowZero_StopAtZero(bool referred, string expected, int basisPoints)
    {
        var policy = TestPolicies.Modified(p => p.Section("basicInsurance")["rateByLevel"]!["3"] = 0.15m);
        var result = Settle(Build.Claim(CategorySet.None, [A("10000")], level: 3, region: Region.OutOfProvince, referred: referred), policy: policy);
        Assert.Equal(Yuan(expected), result.Payments.BasicInsurance);
        Assert.Equal(basisPoints, result.Basic.Rate.BasisPoints);
        AssertConserved(result);
    }

    [Theory]
    // level 3, deductible 600: in-scope at or below it pays nothing; 0.01 above pays 0.01 × 65% = 0.0065 → 0.01;
    // 0.10 above pays 0.065 → 0.07 (half away from zero)
    [InlineData("500", "0")]
    [InlineData("599.99", "0")]
    [InlineData("600", "0")]
    [InlineData("600.01", "0.01")]
    [InlineData("600.10", "0.07")]
    public void Basic_InScopeAroundTheDeductible(string inScope, string expected)
    {
        var result = Settle(Build.Claim(CategorySet.None, [A(inScope)], level: 3));
        Assert.Equal(Yuan(expected), result.Payments.BasicInsurance);
        Assert.False(result.Payments.BasicInsurance.IsNegative);
    }

    [Theory]
    // registered poor, level 1: uncapped 10,000 × 90% = 9,000; room = 150,000 − paid so far
    [InlineData("141000", "9000")] // room exactly 9,000
    [InlineData("140999.99", "9000")] // room 9,000.01
    [InlineData("141000.01", "8999.99")] // room 8,999.99
    [InlineData("150000", "0")]
    [InlineData("150000.01", "0")] // never negative, even on an inconsistent input
    public void Basic_AnnualCapRoom(string paidSoFar, string expected)
    {
        var acc = Accumulators.Empty with { BasicPaid = Yuan(paidSoFar) };
        var result = Settle(Build.Claim(CategorySet.RegisteredPoor, [A("10000")], level: 1), acc);
        Assert.Equal(Yuan(expected), result.Payments.BasicInsurance);
        Assert.Equal(Yuan(paidSoFar) + Yuan(expected), result.After.BasicPaid);
    }

    [Fact]
    public void Basic_CapReachedAcrossClaims_LaterClaimPaysOnlyTheRoom()
    {
        // registered poor, level 2, in-scope 100,000 each: 80,000 uncapped; first 80,000, second min(80,000, 70,000) = 70,000, third 0
        var claim = Build.Claim(CategorySet.RegisteredPoor, [A("100000")]);
        var results = YearChain.Settle([new(claim, Policy), new(claim, Policy), new(claim, Policy)]);
        Assert.Equal([Yuan("80000"), Yuan("70000"), Money.Zero], results.Select(r => r.Payments.BasicInsurance));
        Assert.Equal(Yuan("150000"), results[^1].After.BasicPaid);
    }
}
