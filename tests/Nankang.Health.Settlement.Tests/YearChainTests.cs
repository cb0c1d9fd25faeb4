using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed partial class YearChainTests
{
    /// <summary>A Dibao member's out-of-scope bill: no line 1–4, no top-up, so the self-pay is the bill and only the high-cost rule pays.</summary>
    private static ChainEntry DibaoBill(string amount) => new(Claim(CategorySet.Dibao, [C(amount)]), Policy);

    private static NetAmounts[] Nets(IEnumerable<SettlementResult> results) => [.. results.Select(r => NetAmounts.Of(r))];

    [Fact]
    public void Settle_EachClaimOnTopOfTheOnesBefore()
    {
        // self-pay 6,000, 6,000, 6,000: G = round((s − 10,000)⁺ × 50%) → 0, G(12,000) − 0 = 1,000, G(18,000) − G(12,000) = 3,000
        var results = YearChain.Settle([DibaoBill("6000"), DibaoBill("6000"), DibaoBill("6000")]);
        Assert.Equal([Money.Zero, Yuan("1000"), Yuan("3000")], results.Select(r => r.Payments.SpecialReliefHighCost));
        Assert.Equal(results[0].After, results[1].Before);
        Assert.Equal(results[1].After, results[2].Before);
        Assert.Equal(3, results[2].After.ClaimCount);
    }

    [Fact]
    public void Settle_FromStartingAccumulators()
    {
        var start = Accumulators.Empty with { ClaimCount = 1, SelfPayAfterTopUp = Yuan("9000") };
        // G(15,000) − G(9,000) = 2,500
        var result = Assert.Single(YearChain.Settle([DibaoBill("6000")], start));
        Assert.Equal(Yuan("2500"), result.Payments.SpecialReliefHighCost);
        Assert.Equal(start, result.Before);
    }

    [Fact]
    public void Accumulate_NoClaims_IsEmpty() => Assert.Equal(Accumulators.Empty, YearChain.Accumulate([]));

    [Fact]
    public void Accumulate_IsTheLastClaimsAccumulators()
    {
        // self-pay 18,000 in total; relief 1,000 + 3,000
        var acc = YearChain.Accumulate([DibaoBill("6000"), DibaoBill("6000"), DibaoBill("6000")]);
        Assert.Equal(Accumulators.Empty with { ClaimCount = 3, SelfPayAfterTopUp = Yuan("18000"), HighCostReliefPaid = Yuan("4000") }, acc);
    }

    [Fact]
    public void Void_FirstClaim_ReversesItAndAdjustsEveryLaterClaim()
    {
        ChainEntry[] chain = [DibaoBill("6000"), DibaoBill("6000"), DibaoBill("6000")];
        var outcome = YearChain.Void(chain, Nets(YearChain.Settle(chain)), 0);

        // reversal of the first claim: no payment, −6,000 for the patient
        Assert.Equal(new NetAmounts(FundPayments.Zero, Yuan("-6000")), outcome.Reversal);
        // re-settled: 2nd G(6,000) = 0 (was 1,000): −1,000 relief, +1,000 patient;
        //             3rd G(12,000) − G(6,000) = 1,000 (was 3,000): −2,000 relief, +2,000 patient
        Assert.Equal([1, 2], outcome.Adjustments.Select(a => a.Index));
        Assert.Equal(new NetAmounts(FundPayments.Zero with { SpecialReliefHighCost = Yuan("-1000") }, Yuan("1000")), outcome.Adjustments[0].Difference);
        Assert.Equal(new NetAmounts(FundPayments.Zero with { SpecialReliefHighCost = Yuan("-2000") }, Yuan("2000")), outcome.Adjustments[1].Difference);
        Assert.Equal(Yuan("1000"), outcome.Adjustments[1].Resettled.Payments.SpecialReliefHighCost);
        Assert.Equal(Accumulators.Empty with { ClaimCount = 2, SelfPayAfterTopUp = Yuan("12000"), HighCostReliefPaid = Yuan("1000") }, outcome.Accumulators);
    }

    [Fact]
    public void Void_LastClaim_NoAdjustmentsAndAccumulatorsOfTheOthers()
    {
        ChainEntry[] chain = [DibaoBill("6000"), DibaoBill("6000"), DibaoBill("6000")];
        var settled = YearChain.Settle(chain);
        var outcome = YearChain.Void(chain, Nets(settled), 2);

        // the reversal negates relief 3,000 and patient 3,000
        Assert.Equal(new NetAmounts(FundPayments.Zero with { SpecialReliefHighCost = Yuan("-3000") }, Yuan("-3000")), outcome.Reversal);
        Assert.Empty(outcome.Adjustments);
        Assert.Equal(settled[1].After, outcome.Accumulators);
    }

    [Fact]
    public void Void_LaterClaimsUnaffected_LeavesOutZeroDifferences()
    {
        // a general member's bills accumulate nothing the later claims read, except the claim count
        var bill = new ChainEntry(Claim(CategorySet.None, [C("500")]), Policy);
        ChainEntry[] chain = [bill, bill, bill];
        var outcome = YearChain.Void(chain, Nets(YearChain.Settle(chain)), 0);
        Assert.Empty(outcome.Adjustments);
        Assert.Equal(Accumulators.Empty with { ClaimCount = 2 }, outcome.Accumulators);
    }

    [Fact]
    public void Void_DifferenceIsAgainstTheCurrentNetIncludingEarlierAdjustments()
    {
        ChainEntry[] chain = [DibaoBill("6000"), DibaoBill("6000"), DibaoBill("6000")];
        var nets = Nets(YearChain.Settle(chain));

        // first void the 1st claim; the 3rd now nets relief 1,000 (3,000 − 2,000)
        var first = YearChain.Void(chain, nets, 0);
        foreach (var adjustment in first.Adjustments)
        {
            nets[adjustment.Index] += adjustment.Difference;
        }

        // then void the 2nd of the remaining two: the 3rd re-settles alone, G(6,000) = 0 → −1,000 relief, +1,000 patient
        ChainEntry[] remaining = [chain[1], chain[2]];
        var second = YearChain.Void(remaining, [nets[1], nets[2]], 0);
        var adjustment2 = Assert.Single(second.Adjustments);
        Assert.Equal(new NetAmounts(FundPayments.Zero with { SpecialReliefHighCost = Yuan("-1000") }, Yuan("1000")), adjustment2.Difference);
        // the 2nd's current net is relief 0, patient 6,000
        Assert.Equal(new NetAmounts(FundPayments.Zero, Yuan("-6000")), second.Reversal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Void_IndexOutsideTheChain_Throws(int index)
    {
        ChainEntry[] chain = [DibaoBill("1"), DibaoBill("2"), DibaoBill("3")];
        Assert.Throws<ArgumentOutOfRangeException>(() => YearChain.Void(chain, Nets(YearChain.Settle(chain)), index));
    }

    [Fact]
    public void Void_OneNetPerClaimMissing_Throws()
    {
        ChainEntry[] chain = [DibaoBill("1"), DibaoBill("2")];
        Assert.Throws<ArgumentException>(() => YearChain.Void(chain, Nets(YearChain.Settle(chain)).Take(1).ToArray(), 0));
    }
}
