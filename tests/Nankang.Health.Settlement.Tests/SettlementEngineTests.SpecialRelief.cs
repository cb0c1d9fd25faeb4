using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed partial class SettlementEngineTests
{
    [Theory]
    // An out-of-scope bill of 1,000 (level 2): lines 1–4 pay nothing, so an eligible claim is topped up to
    // round(1,000 × 90%) − 0 = 900, and an ineligible one gets 0.
    // registered poor: in district, or referred
    [InlineData(CategorySet.RegisteredPoor, Region.InDistrict, false, true, true, "900")]
    [InlineData(CategorySet.RegisteredPoor, Region.InCity, true, true, true, "900")]
    [InlineData(CategorySet.RegisteredPoor, Region.InCity, false, true, true, "0")]
    [InlineData(CategorySet.RegisteredPoor, Region.InProvince, false, true, true, "0")]
    [InlineData(CategorySet.RegisteredPoor, Region.OutOfProvince, true, true, true, "900")]
    [InlineData(CategorySet.RegisteredPoor, Region.OutOfProvince, false, true, true, "0")]
    // not designated: same condition
    [InlineData(CategorySet.RegisteredPoor, Region.InDistrict, false, false, true, "900")]
    [InlineData(CategorySet.RegisteredPoor, Region.InCity, false, false, true, "0")]
    [InlineData(CategorySet.RegisteredPoor, Region.InCity, true, false, true, "900")]
    // other poor: only when insurance is not applicable
    [InlineData(CategorySet.Dibao, Region.InDistrict, false, true, true, "0")]
    [InlineData(CategorySet.Tekun, Region.InDistrict, true, true, true, "0")]
    [InlineData(CategorySet.Dibao, Region.InDistrict, false, false, true, "0")]
    [InlineData(CategorySet.Dibao, Region.OutOfProvince, false, true, false, "900")]
    [InlineData(CategorySet.Tekun, Region.InCity, false, false, false, "900")]
    [InlineData(CategorySet.RegisteredPoor, Region.InProvince, false, true, false, "900")]
    // not poor: never
    [InlineData(CategorySet.None, Region.InDistrict, false, true, false, "0")]
    [InlineData(CategorySet.Marginal, Region.InDistrict, false, true, false, "0")]
    [InlineData(CategorySet.Marginal, Region.InDistrict, true, true, true, "0")]
    public void TopUp_Eligibility(CategorySet categories, Region region, bool referred, bool designated, bool insuranceApplicable, string expected)
    {
        var result = Settle(Build.Claim(categories, [C("1000")], region: region, referred: referred, designated: designated, insuranceApplicable: insuranceApplicable));
        Assert.Equal(Yuan(expected), result.Payments.SpecialReliefTopUp);
        Assert.Equal(Yuan("1000") - Yuan(expected), result.PatientPays);
    }

    [Fact]
    public void TopUp_FillsTheGapToNinetyPercentOfTheTotal()
    {
        // registered poor, level 2, A 10,000 + C 2,000 = 12,000: basic 8,000 (waived); base 2,000 → serious 0;
        // supplementary 1,800; assistance 200 × 70% = 140; lines 1–4 = 9,940; top-up = 10,800 − 9,940 = 860;
        // self-pay 1,200 below 10,000 → high-cost 0; patient 1,200
        var result = Settle(Build.Claim(CategorySet.RegisteredPoor, [A("10000"), C("2000")]));
        Assert.Equal(new FundPayments(Yuan("8000"), Money.Zero, Yuan("1800"), Yuan("140"), Yuan("860"), Money.Zero), result.Payments);
        Assert.Equal(Yuan("1200"), result.PatientPays);
        Assert.Equal(9_000, result.ReimbursementRatioBasisPoints); // 10,800 / 12,000
    }

    [Fact]
    public void TopUp_LinesAlreadyAboveNinetyPercent_IsZero()
    {
        // registered poor, level 1, A 10,000: basic 9,000; base 1,000; supplementary 900; assistance 100 × 70% = 70;
        // lines 1–4 = 9,970 ≥ 9,000 → top-up 0 (never negative); patient 30
        var result = Settle(Build.Claim(CategorySet.RegisteredPoor, [A("10000")], level: 1));
        Assert.Equal(Money.Zero, result.Payments.SpecialReliefTopUp);
        Assert.Equal(Yuan("30"), result.PatientPays);
    }

    [Theory]
    // total 0.05 × 90% = 0.045 → 0.05: the patient pays nothing; 0.15 × 90% = 0.135 → 0.14, patient 0.01
    [InlineData("0.05", "0.05")]
    [InlineData("0.15", "0.14")]
    [InlineData("0.01", "0.01")] // 0.009 → 0.01
    public void TopUp_NinetyPercentRoundedHalfAwayFromZero(string total, string expected) =>
        Assert.Equal(Yuan(expected), Settle(Build.Claim(CategorySet.RegisteredPoor, [C(total)])).Payments.SpecialReliefTopUp);

    [Fact]
    public void TopUp_InsuranceNotApplicable_IsNinetyPercentOfTheWholeBill()
    {
        // Dibao, insurance not applicable: lines 1–4 are 0; A 10,000 + C 2,000 → top-up 10,800; self-pay 1,200
        var result = Settle(Build.Claim(CategorySet.Dibao, [A("10000"), C("2000")], insuranceApplicable: false));
        Assert.Equal(Yuan("10800"), result.Payments.Total);
        Assert.Equal(Yuan("10800"), result.Payments.SpecialReliefTopUp);
        Assert.Equal(Yuan("1200"), result.After.SelfPayAfterTopUp);
    }

    [Theory]
    // Dibao in district, out-of-scope bills: no line 1–4, no top-up, so self-pay is the bill.
    // 6,000 then x: G(6,000 + x) − G(6,000) with G(s) = round((s − 10,000)⁺ × 50%)
    [InlineData("3999.99", "0")] // 9,999.99
    [InlineData("4000", "0")] // 10,000.00
    [InlineData("4000.01", "0.01")] // 10,000.01 → 0.005 → 0.01
    [InlineData("4000.02", "0.01")] // 10,000.02 → 0.01
    [InlineData("24000", "10000")] // 30,000 → 10,000
    public void HighCost_ThresholdAcrossClaims(string second, string expected)
    {
        var first = Build.Claim(CategorySet.Dibao, [C("6000")]);
        var results = YearChain.Settle([new(first, Policy), new(Build.Claim(CategorySet.Dibao, [C(second)]), Policy)]);
        Assert.Equal(Money.Zero, results[0].Payments.SpecialReliefHighCost);
        Assert.Equal(Yuan(expected), results[1].Payments.SpecialReliefHighCost);
        Assert.Equal(Yuan("6000") + Yuan(second), results[1].After.SelfPayAfterTopUp);
    }

    [Fact]
    public void HighCost_Slice_IsTheDifferenceOfRoundedCumulativeAmounts()
    {
        // after 10,000.01 (G = 0.01), another 0.01: G(10,000.02) = 0.01 → 0.00 on this claim
        var acc = Accumulators.Empty with { SelfPayAfterTopUp = Yuan("10000.01") };
        Assert.Equal(Money.Zero, Settle(Build.Claim(CategorySet.Dibao, [C("0.01")]), acc).Payments.SpecialReliefHighCost);
    }

    [Fact]
    public void HighCost_CountsSelfPayAfterTheTopUp()
    {
        // registered poor, in district, C 60,000 twice: top-up 54,000 each, self-pay 6,000 each.
        // 1st: G(6,000) = 0. 2nd: G(12,000) − G(6,000) = 1,000; patient 6,000 − 1,000 = 5,000.
        var claim = Build.Claim(CategorySet.RegisteredPoor, [C("60000")]);
        var results = YearChain.Settle([new(claim, Policy), new(claim, Policy)]);
        Assert.Equal([Money.Zero, Yuan("1000")], results.Select(r => r.Payments.SpecialReliefHighCost));
        Assert.Equal([Yuan("54000"), Yuan("54000")], results.Select(r => r.Payments.SpecialReliefTopUp));
        Assert.Equal(Yuan("5000"), results[1].PatientPays);
    }

    [Fact]
    public void HighCost_NotDesignated_StillApplies()
    {
        // Dibao, non-designated city clinic, A 30,000: lines 1–4 0, no top-up; self-pay 30,000 → (30,000 − 10,000) × 50% = 10,000
        var result = Settle(Build.Claim(CategorySet.Dibao, [A("30000")], region: Region.InCity, designated: false));
        Assert.Equal(Yuan("10000"), result.Payments.SpecialReliefHighCost);
        Assert.Equal(Yuan("20000"), result.PatientPays);
    }

    [Theory]
    [InlineData(CategorySet.None)]
    [InlineData(CategorySet.Marginal)]
    public void HighCost_NotPoor_NeitherPaidNorAccumulated(CategorySet categories)
    {
        // a non-poor claim of 30,000 out of scope gets nothing and leaves the year's self-pay at 0;
        // a later Dibao claim of 8,000 then stays below the threshold (counting the first would give (38,000 − 10,000) × 50%)
        var results = YearChain.Settle([new(Build.Claim(categories, [C("30000")]), Policy), new(Build.Claim(CategorySet.Dibao, [C("8000")]), Policy)]);
        Assert.Equal(Money.Zero, results[0].Payments.SpecialReliefHighCost);
        Assert.Equal(Money.Zero, results[0].After.SelfPayAfterTopUp);
        Assert.Equal(Money.Zero, results[1].Payments.SpecialReliefHighCost);
        Assert.Equal(Yuan("8000"), results[1].After.SelfPayAfterTopUp);
    }
}
