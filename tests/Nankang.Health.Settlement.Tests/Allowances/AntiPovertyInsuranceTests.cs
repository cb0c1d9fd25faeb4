using System.Text.Json.Nodes;
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

    [Theory]
    [InlineData("9999.99", false)]
    [InlineData("10000", false)]                // at the line: not on the list (S > W, strictly)
    [InlineData("10000.01", true)]
    public void Warns_StrictlyAboveTheLine(string selfPay, bool warns) =>
        Assert.Equal(warns, AntiPovertyInsurance.Warns(Yuan(selfPay), Rules));

    [Theory]
    // a variant whose cap falls inside the first slice: W = 5,000, 33.33% of (5,000, 20,000], 90% above, cap 3,000.00
    [InlineData("5000", "0")]
    [InlineData("5000.01", "0")]                // 33.33% × 0.01 = 0.003333 → 0.00: above the line yet nothing to pay
    [InlineData("5000.02", "0.01")]             // 33.33% × 0.02 = 0.006666 → 0.01
    [InlineData("14000.88", "2999.99")]         // 33.33% × 9,000.88 = 2,999.993304 → 2,999.99
    [InlineData("14000.89", "3000")]            // 33.33% × 9,000.89 = 2,999.996637 → 3,000.00: the cap, first reached
    [InlineData("14000.90", "3000")]            // 33.33% × 9,000.90 = 2,999.99997 → 3,000.00
    [InlineData("14000.91", "3000")]            // 33.33% × 9,000.91 = 3,000.003303 → 3,000.00 (and capped)
    [InlineData("20000.01", "3000")]            // 4,999.5 + 90% × 0.01, capped to 3,000
    public void Payout_VariantWithTheCapInsideTheFirstSlice(string selfPay, string expected) =>
        Assert.Equal(Yuan(expected), AntiPovertyInsurance.Payout(Yuan(selfPay), Variant));

    /// <summary>W = 5,000; 33.33% of (5,000, 20,000], 90% above; cap 3,000: odd rates, and a cap reached in the first slice.</summary>
    private static readonly AntiPovertyInsurancePolicy Variant = TestPolicies.Modified(p =>
    {
        var section = p.Section("antiPovertyInsurance");
        section["warningLine"] = 5000m;
        section["slices"] = new JsonArray(
            new JsonObject { ["from"] = 5000m, ["to"] = 20000m, ["rate"] = 0.3333m },
            new JsonObject { ["from"] = 20000m, ["to"] = null, ["rate"] = 0.9m });
        section["annualCap"] = 3000m;
    }).AntiPovertyInsurance;

    private static readonly AntiPovertyInsurancePolicy[] BothPolicies = [Rules, Variant];

    /// <summary>S anywhere up to 20 M yuan, or within 3.00 of an edge of either policy (line, slice edges, first S at the cap).</summary>
    private static readonly Gen<long> SelfPay = Gen.OneOf(
        Gen.Long[0, 30_000_000],
        Gen.Long[0, 2_000_000_000],
        Gen.Select(Gen.OneOfConst(1_000_000L, 3_000_000L, 5_000_000L, 14_714_285L, 500_000L, 2_000_000L, 1_400_089L), Gen.Long[-300, 300], (edge, d) => edge + d));

    private static readonly Gen<(AntiPovertyInsurancePolicy Policy, long SelfPay)> PolicyAndSelfPay =
        Gen.Select(Gen.OneOfConst(BothPolicies), SelfPay, (policy, s) => (policy, s));

    [Fact]
    public void Payout_OneFenMoreSelfPay_PaysZeroOrOneFenMore() =>
        PolicyAndSelfPay.Check(t =>
        {
            // S + 0.01 lies in one slice: that slice grows by rate × 0.01 ≤ 0.01, rounded to 0.00 or 0.01; the cap only clips
            var step = AntiPovertyInsurance.Payout(new Money(t.SelfPay + 1), t.Policy) - AntiPovertyInsurance.Payout(new Money(t.SelfPay), t.Policy);
            Assert.InRange(step.Fen, 0, 1);
        }, Print);

    [Fact]
    public void Payout_IsMonotoneInS() =>
        Gen.Select(PolicyAndSelfPay, Gen.Long[0, 5_000_000]).Check(t =>
            Assert.True(AntiPovertyInsurance.Payout(new Money(t.Item1.SelfPay), t.Item1.Policy) <= AntiPovertyInsurance.Payout(new Money(t.Item1.SelfPay + t.Item2), t.Item1.Policy)),
            t => $"{Name(t.Item1.Policy)} policy, S {new Money(t.Item1.SelfPay)}, then {new Money(t.Item2)} more");

    [Fact]
    public void Payout_NeverAboveTheCap_AndZeroAtOrBelowTheLine() =>
        PolicyAndSelfPay.Check(t =>
        {
            var (policy, s) = t;
            var payout = AntiPovertyInsurance.Payout(new Money(s), policy);
            Assert.InRange(payout.Fen, 0, policy.AnnualCap.Fen);
            Assert.True(new Money(s) > policy.WarningLine || payout.IsZero);
        }, Print);

    [Fact]
    public void Slices_SumToThePayout_BelowTheCap() =>
        PolicyAndSelfPay.Check(t =>
        {
            var (policy, s) = t;
            var slices = AntiPovertyInsurance.Slices(new Money(s), policy);
            var sum = slices.Aggregate(Money.Zero, (a, b) => a + b);
            Assert.All(slices, slice => Assert.False(slice.IsNegative));
            var payout = AntiPovertyInsurance.Payout(new Money(s), policy);
            Assert.Equal(new Money(s) > policy.WarningLine ? Money.Min(sum, policy.AnnualCap) : Money.Zero, payout);
            Assert.True(payout == sum || payout == policy.AnnualCap);                     // the total is the slices' sum unless capped
        }, Print);

    private static string Name(AntiPovertyInsurancePolicy policy) => policy == Rules ? "shipped" : "variant";

    private static string Print((AntiPovertyInsurancePolicy Policy, long SelfPay) t) => $"{Name(t.Policy)} policy, S {new Money(t.SelfPay)}";
}
