using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

/// <summary>
/// The rules of docs/settlement-rules.md §4–§5 at their boundaries. Every expected figure is worked out by hand from the
/// rules with the nankang-2020 defaults (B ratio 10%; deductible 100/400/600; rates 90/80/65%; basic cap 150,000;
/// serious-illness poor above 5,000 at 65%, others above 10,000 at 60%, cap 300,000; supplementary 90%; assistance
/// Tekun 100%, RegisteredPoor/Dibao 70%, Marginal 50%, cap 30,000; top-up to 90%; 50% of self-pay above 10,000).
/// </summary>
public sealed partial class SettlementEngineTests
{
    private static SettlementResult Settle(Claim claim, Accumulators acc = default, SettlementPolicy? policy = null) =>
        SettlementEngine.Settle(claim, policy ?? Policy, acc);

    private static void AssertConserved(SettlementResult result)
    {
        var split = result.Split;
        Assert.Equal(split.TotalCost, split.InScope + split.PreSelfPay + split.OutOfScope + split.OverLimit);
        Assert.Equal(split.TotalCost, result.Payments.Total + result.PatientPays);
    }

    [Fact]
    public void Settle_ZeroTotalCost_Throws() =>
        Assert.Throws<ArgumentException>(() => Settle(Build.Claim(CategorySet.RegisteredPoor, [A("0"), B("0"), C("0")])));

    [Fact]
    public void Settle_MaximumAmountOnTenThousandLines_IsExactWithoutOverflow()
    {
        var fees = Enumerable.Repeat(new FeeLine(FeeClass.A, Money.MaxInput), Claim.MaxFeeLines).ToArray();
        var result = Settle(Build.Claim(CategorySet.RegisteredPoor, fees, level: 2));

        // total = in-scope = 10,000 × 100,000,000.00 = 1,000,000,000,000.00
        // basic = min(1,000,000,000,000.00 × 80% (deductible waived), 150,000) = 150,000.00
        // serious base = 1,000,000,000,000.00 − 150,000 = 999,999,850,000.00; poor tier, no cap for registered poor:
        //   (999,999,850,000 − 5,000) × 65% = 649,999,899,250.00
        // in-scope left = 999,999,850,000 − 649,999,899,250 = 349,999,950,750.00; supplementary × 90% = 314,999,955,675.00
        // assistance = min((349,999,950,750 − 314,999,955,675) × 70% = 24,499,996,552.50, cap 30,000) = 30,000.00
        // lines 1–4 = 150,000 + 649,999,899,250 + 314,999,955,675 + 30,000 = 965,000,034,925.00 ≥ 90% of the total → top-up 0
        // self-pay = 1,000,000,000,000 − 965,000,034,925 = 34,999,965,075.00; (− 10,000) × 50% = 17,499,977,537.50
        // patient = 34,999,965,075.00 − 17,499,977,537.50 = 17,499,987,537.50
        Assert.Equal(Yuan("1000000000000"), result.Split.TotalCost);
        Assert.Equal(
            new FundPayments(Yuan("150000"), Yuan("649999899250"), Yuan("314999955675"), Yuan("30000"), Money.Zero, Yuan("17499977537.50")),
            result.Payments);
        Assert.Equal(Yuan("17499987537.50"), result.PatientPays);
        AssertConserved(result);
    }

    [Fact]
    public void Settle_MaximumClassBAmounts_IsExactWithoutOverflow()
    {
        var fees = Enumerable.Repeat(new FeeLine(FeeClass.B, Money.MaxInput, SelfPayRatio: Rate.Parse("0.3333")), Claim.MaxFeeLines).ToArray();
        var result = Settle(Build.Claim(CategorySet.None, fees, level: 3));

        // per line: pre = 100,000,000.00 × 33.33% = 33,330,000.00, in scope 66,670,000.00; × 10,000 lines
        Assert.Equal(Yuan("333300000000"), result.Split.PreSelfPay);
        Assert.Equal(Yuan("666700000000"), result.Split.InScope);
        AssertConserved(result);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Settle_InsuranceNotApplicableOrNotDesignated_LinesOneToFourPayAndAccumulateNothing(bool insuranceApplicable, bool designated)
    {
        var acc = new Accumulators(1, Yuan("100"), Yuan("200"), Yuan("300"), Yuan("400"), Yuan("500"), Yuan("600"), Yuan("700"));
        var result = Settle(
            Build.Claim(CategorySet.Marginal, [A("10000"), C("2000")], insuranceApplicable: insuranceApplicable, designated: designated), acc);

        // Marginal is not poor: no top-up, no high-cost relief; lines 1–4 are off, so the patient pays all 12,000.
        Assert.Equal(FundPayments.Zero, result.Payments);
        Assert.Equal(Yuan("12000"), result.PatientPays);
        Assert.Equal(acc with { ClaimCount = 2 }, result.After);
        Assert.Equal(insuranceApplicable ? LineNote.NotDesignated : LineNote.InsuranceNotApplicable, result.Basic.Note);
    }

    [Fact]
    public void Settle_RegisteredPoorPeriodEndingOnTheDischargeDate_AppliesToTheWholeClaim()
    {
        CategoryPeriod[] periods = [new(Category.RegisteredPoor, new(2015, 1, 1), Discharge)];
        var result = Settle(Build.Claim(CategorySets.On(periods, Discharge), [C("1000")]));

        // registered poor, in district: top-up = round(1,000 × 90%) − 0 = 900; patient 100
        Assert.Equal(Yuan("900"), result.Payments.SpecialReliefTopUp);
        Assert.Equal(Yuan("100"), result.PatientPays);
    }

    [Fact]
    public void Settle_RegisteredPoorPeriodEndingTheDayBeforeDischarge_DoesNotApply()
    {
        CategoryPeriod[] periods = [new(Category.RegisteredPoor, new(2015, 1, 1), Discharge.AddDays(-1))];
        var result = Settle(Build.Claim(CategorySets.On(periods, Discharge), [C("1000")]));

        // no category on the discharge date: nothing is paid on an out-of-scope bill
        Assert.Equal(FundPayments.Zero, result.Payments);
        Assert.Equal(Yuan("1000"), result.PatientPays);
    }

    [Fact]
    public void Settle_DibaoPeriodStartingOnTheDischargeDate_AppliesToTheWholeClaim()
    {
        CategoryPeriod[] periods = [new(Category.Dibao, Discharge, null)];
        var result = Settle(Build.Claim(CategorySets.On(periods, Discharge), [A("10000")]));

        // Dibao (poor, deductible not waived) at level 2: basic = (10,000 − 400) × 80% = 7,680; base 2,320 below 5,000;
        // supplementary = 2,320 × 90% = 2,088
        Assert.Equal(Yuan("2088"), result.Payments.SupplementaryInsurance);
    }

    [Fact]
    public void Settle_DecemberAndJanuaryClaims_FeedSeparateYears()
    {
        // Dibao, out-of-scope bills of 8,000 each: no insurance line and no top-up (not registered poor), so self-pay is the bill.
        var december = Build.Claim(CategorySet.Dibao, [C("8000")], dischargedOn: new(2020, 12, 31));
        var alsoDecember = Build.Claim(CategorySet.Dibao, [C("8000")], dischargedOn: new(2020, 12, 31));
        var january = Build.Claim(CategorySet.Dibao, [C("8000")], dischargedOn: new(2021, 1, 1));

        // Same year: cumulative self-pay 16,000 → (16,000 − 10,000) × 50% = 3,000 on the second claim.
        Assert.Equal(Yuan("3000"), SettleByYear(december, alsoDecember)[1].Payments.SpecialReliefHighCost);

        // The January claim starts 2021 from empty accumulators: 8,000 is below the threshold.
        var results = SettleByYear(december, january);
        Assert.Equal(Money.Zero, results[1].Payments.SpecialReliefHighCost);
        Assert.Equal(Accumulators.Empty, results[1].Before);
        Assert.Equal(Yuan("8000"), results[1].After.SelfPayAfterTopUp);
    }

    /// <summary>Settles claims in booking order, each on the accumulators of its discharge year, under the policy of its discharge date.</summary>
    private static SettlementResult[] SettleByYear(params Claim[] claims)
    {
        var byYear = new Dictionary<int, Accumulators>();
        return [.. claims.Select(claim =>
        {
            var result = SettlementEngine.Settle(claim, PolicySet.Default.For(claim.DischargedOn)!, byYear.GetValueOrDefault(claim.Year));
            byYear[claim.Year] = result.After;
            return result;
        })];
    }
}
