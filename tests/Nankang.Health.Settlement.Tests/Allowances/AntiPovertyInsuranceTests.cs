using CsCheck;
using Nankang.Health.Settlement.Allowances;
using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests.Allowances;

/// <summary>
/// §7a 防贫保: P(S) = 50% of S in (10,000, 30,000] + 60% in (30,000, 50,000] + 70% above 50,000, each slice rounded to the
/// fen, at most 90,000; nothing at or below the warning line 10,000. The cap is first reached at S = 147,142.85:
/// 10,000 + 12,000 + 70% × 97,142.85 (= 67,999.995 → 68,000.00) = 90,000.00.
/// </summary>
public sealed class AntiPovertyInsuranceTests
{
    private static readonly AntiPovertyInsurancePolicy Rules = Policy.AntiPovertyInsurance;

    private static Money P(string selfPay) => AntiPovertyInsurance.Payout(Yuan(selfPay), Rules);

    [Theory]
    // the warning line: nothing at or below 10,000; the first fen above pays 50% × 0.01 = 0.005 → 0.01 (half away from zero)
    [InlineData("0", "0")]
    [InlineData("9999.99", "0")]
    [InlineData("10000", "0")]
    [InlineData("10000.01", "0.01")]
    [InlineData("10000.02", "0.01")]            // 50% × 0.02 = 0.01
    [InlineData("10000.03", "0.02")]            // 50% × 0.03 = 0.015 → 0.02
    // the 30,000 edge: 50% × 20,000 = 10,000 is the first slice in full
    [InlineData("29999.99", "10000")]           // 50% × 19,999.99 = 9,999.995 → 10,000.00 (half away from zero)
    [InlineData("30000", "10000")]
    [InlineData("30000.01", "10000.01")]        // 10,000 + 60% × 0.01 = 0.006 → 0.01
    // the 50,000 edge: 10,000 + 60% × 20,000 = 22,000
    [InlineData("49999.99", "21999.99")]        // 10,000 + 60% × 19,999.99 = 11,999.994 → 11,999.99
    [InlineData("50000", "22000")]
    [InlineData("50000.01", "22000.01")]        // 22,000 + 70% × 0.01 = 0.007 → 0.01
    // the cap: 22,000 + 70% × (S − 50,000) reaches 90,000 at S − 50,000 = 97,142.857…
    [InlineData("147142.84", "89999.99")]       // 70% × 97,142.84 = 67,999.988 → 67,999.99
    [InlineData("147142.85", "90000")]          // 70% × 97,142.85 = 67,999.995 → 68,000.00: the cap, first reached
    [InlineData("147142.86", "90000")]          // 70% × 97,142.86 = 68,000.002 → 68,000.00
    [InlineData("147142.87", "90000")]          // 68,000.009 → 68,000.01, capped to 90,000
    [InlineData("1000000", "90000")]
    public void Payout_AtEverySliceEdgeAndTheCap(string selfPay, string expected) =>
        Assert.Equal(Yuan(expected), P(selfPay));

    [Fact]
    public void Slices_AreEachRoundedOnTheirOwn_ThenSummed()
    {
        // S = 30,000.01: 50% × 20,000 = 10,000.00; 60% × 0.01 = 0.006 → 0.01; 70% × 0 = 0
        Assert.Equal<Money[]>([Yuan("10000"), Yuan("0.01"), Yuan("0")], AntiPovertyInsurance.Slices(Yuan("30000.01"), Rules).ToArray());
        // S = 50,000.03: 10,000.00 + 60% × 20,000 = 12,000.00 + 70% × 0.03 = 0.021 → 0.02
        Assert.Equal<Money[]>([Yuan("10000"), Yuan("12000"), Yuan("0.02")], AntiPovertyInsurance.Slices(Yuan("50000.03"), Rules).ToArray());
    }

    [Theory]
    [InlineData(new[] { Category.Marginal }, true)]
    [InlineData(new[] { Category.Marginal, Category.RegisteredPoor }, false)]   // poor keep the poor lines
    [InlineData(new[] { Category.Marginal, Category.Dibao }, false)]
    [InlineData(new[] { Category.Marginal, Category.Tekun }, false)]
    [InlineData(new Category[0], false)]
    [InlineData(new[] { Category.Dibao }, false)]
    public void Covers_MarginalAndNotPoor(Category[] categories, bool covered)
    {
        var set = categories.Aggregate(CategorySet.None, (s, c) => s | CategorySets.Of(c));
        Assert.Equal(covered, AntiPovertyInsurance.Covers(set, Rules));
    }

    [Theory]
    [InlineData("12000", "0", "1000")]          // first run: P(12,000) = 1,000
    [InlineData("14000", "1000", "1000")]       // S rose: P(14,000) = 2,000 − 1,000 booked
    [InlineData("11000", "1000", "-500")]       // a void lowered S: P(11,000) = 500 − 1,000 → recover 500
    [InlineData("9000", "1000", "-1000")]       // below the line again: recover all
    public void Due_IsThePayoutLessWhatIsBooked(string selfPay, string booked, string due) =>
        Assert.Equal(Yuan(due), AntiPovertyInsurance.Due(P(selfPay), Yuan(booked)));

    private static readonly Gen<long> SelfPay = Gen.OneOf(Gen.Long[0, 30_000_000], Gen.Long[0, 2_000_000_000]);

    [Fact]
    public void Payout_IsMonotoneInS() =>
        Gen.Select(SelfPay, Gen.Long[0, 5_000_000]).Check(t =>
            Assert.True(AntiPovertyInsurance.Payout(new Money(t.Item1), Rules) <= AntiPovertyInsurance.Payout(new Money(t.Item1 + t.Item2), Rules), $"S {t.Item1} fen, then {t.Item2} fen more"));

    [Fact]
    public void Payout_NeverAboveTheCap_AndZeroAtOrBelowTheLine() =>
        SelfPay.Check(s =>
        {
            var payout = AntiPovertyInsurance.Payout(new Money(s), Rules);
            Assert.InRange(payout.Fen, 0, Rules.AnnualCap.Fen);
            Assert.True(new Money(s) > Rules.WarningLine || payout.IsZero, $"S {new Money(s)} pays {payout}");
        });

    [Fact]
    public void Slices_SumToThePayout_BelowTheCap() =>
        SelfPay.Check(s =>
        {
            var sum = AntiPovertyInsurance.Slices(new Money(s), Rules).Aggregate(Money.Zero, (a, b) => a + b);
            Assert.Equal(Money.Min(sum, Rules.AnnualCap), AntiPovertyInsurance.Payout(new Money(s), Rules));
        });
}
