using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed class SettlementResultTests
{
    private static SettlementResult WithTotals(string total, string paid) => default(SettlementResult) with
    {
        Split = new CostSplit(Yuan(total), Yuan(total), Money.Zero, Money.Zero, Money.Zero),
        Payments = FundPayments.Zero with { BasicInsurance = Yuan(paid) },
    };

    [Theory]
    [InlineData("200", "0.01", 1)] // 0.01 / 200 = 0.00005 → 0.0001 (half away from zero)
    [InlineData("200", "0.0", 0)]
    [InlineData("300", "200", 6_667)] // 0.66666… → 0.6667
    [InlineData("300", "100", 3_333)] // 0.33333… → 0.3333
    [InlineData("20000", "18000", 9_000)]
    [InlineData("1000000000000", "1000000000000", 10_000)] // the largest possible claim
    public void ReimbursementRatio_IsRoundedToFourDecimals(string total, string paid, int basisPoints) =>
        Assert.Equal(basisPoints, WithTotals(total, paid).ReimbursementRatioBasisPoints);

    [Fact]
    public void Line_ReturnsTheFiguresOfEachFund()
    {
        var result = SettlementEngine.Settle(Claim(CategorySet.RegisteredPoor, [A("15000"), B("3000"), C("2000")]), Policy, Accumulators.Empty);
        foreach (var fund in Funds.All)
        {
            Assert.Equal(fund, result.Line(fund).Fund);
            Assert.Equal(result.Payments[fund], result.Line(fund).Amount);
        }
    }
}
