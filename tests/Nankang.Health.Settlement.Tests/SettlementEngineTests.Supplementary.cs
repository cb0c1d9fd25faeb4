using System.Text.Json.Nodes;
using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed partial class SettlementEngineTests
{
    /// <summary>
    /// A level-2 in-district claim of A 10,000 + B 1,000 + C 1,000. Split: pre = 100, in-scope = 10,900, outside scope
    /// (pre + C) = 1,100, total 12,000. For a Dibao member: basic = (10,900 − 400) × 80% = 8,400; base 2,500 is below
    /// the poor threshold 5,000, so serious = 0; in-scope left = 2,500; suppIn = 2,500 × 90% = 2,250.
    /// </summary>
    private static Claim SupplementaryClaim(CategorySet categories) => Build.Claim(categories, [A("10000"), B("1000"), C("1000")]);

    /// <summary>The default policy with the outside-scope rate at 50% (suppOut = 1,100 × 50% = 550) and the given annual cap.</summary>
    private static SettlementPolicy SupplementaryPolicy(decimal? annualCap) => TestPolicies.Modified(p =>
    {
        var section = p.Section("supplementaryInsurance");
        section["outOfScopeRate"] = 0.5m;
        section["annualCap"] = annualCap is { } cap ? JsonValue.Create(cap) : null;
    });

    [Theory]
    [InlineData(CategorySet.None)]
    [InlineData(CategorySet.Marginal)]
    public void Supplementary_NotPoor_PaysNothing(CategorySet categories)
    {
        var result = Settle(SupplementaryClaim(categories));
        Assert.Equal(Money.Zero, result.Payments.SupplementaryInsurance);
        Assert.Equal(LineNote.NotPoor, result.Supplementary.Note);
    }

    [Theory]
    [InlineData(CategorySet.Dibao)]
    [InlineData(CategorySet.Tekun)]
    public void Supplementary_Poor_NinetyPercentOfInScopeLeft(CategorySet categories)
    {
        var result = Settle(SupplementaryClaim(categories));
        Assert.Equal(Yuan("2250"), result.Payments.SupplementaryInsurance);
        Assert.Equal(Yuan("2250"), result.After.SupplementaryPaid);
    }

    [Fact]
    public void Supplementary_RegisteredPoor_AfterWaivedDeductible()
    {
        // registered poor at level 2: basic = 10,900 × 80% = 8,720; left 2,180; × 90% = 1,962
        Assert.Equal(Yuan("1962"), Settle(SupplementaryClaim(CategorySet.RegisteredPoor)).Payments.SupplementaryInsurance);
    }

    [Fact]
    public void Supplementary_InScopeLeftRounding_HalfAwayFromZero()
    {
        // Dibao, level 2, A 400.25 → basic = 0.25 × 80% = 0.20; left 400.05; × 90% = 360.045 → 360.05
        Assert.Equal(Yuan("360.05"), Settle(Build.Claim(CategorySet.Dibao, [A("400.25")])).Payments.SupplementaryInsurance);
    }

    [Fact]
    public void Supplementary_NoCap_PaysInScopeAndOutsideScopeParts()
    {
        // 2,250 + 550 = 2,800
        var result = Settle(SupplementaryClaim(CategorySet.Dibao), policy: SupplementaryPolicy(null));
        Assert.Equal(Yuan("2800"), result.Payments.SupplementaryInsurance);
    }

    [Theory]
    // cap binds the in-scope part first: suppIn = min(2,250, room), then suppOut = min(550, room − suppIn)
    [InlineData("1000", "0", "1000")] // 1,000 + 0
    [InlineData("2249.99", "0", "2249.99")] // 2,249.99 + 0
    [InlineData("2250", "0", "2250")] // 2,250 + 0
    [InlineData("2500", "0", "2500")] // 2,250 + 250
    [InlineData("2800", "0", "2800")] // 2,250 + 550: room exactly the uncapped amount
    [InlineData("10000", "7500.01", "2499.99")] // room 2,499.99: 2,250 + 249.99
    [InlineData("10000", "7200", "2800")] // room 2,800
    [InlineData("10000", "10000", "0")]
    public void Supplementary_AnnualCap_BindsTheInScopePartFirst(string cap, string paidSoFar, string expected)
    {
        var acc = Accumulators.Empty with { SupplementaryPaid = Yuan(paidSoFar) };
        var result = Settle(SupplementaryClaim(CategorySet.Dibao), acc, SupplementaryPolicy(decimal.Parse(cap, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Yuan(expected), result.Payments.SupplementaryInsurance);
        Assert.Equal(Yuan(paidSoFar) + Yuan(expected), result.After.SupplementaryPaid);
    }

    [Fact]
    public void Supplementary_CappedInScopePart_LeavesMoreForAssistance()
    {
        // cap 1,000: suppIn = 1,000 (the capped in-scope part is the suppIn of the assistance formula);
        // assistance = (2,500 − 1,000) × 70% = 1,050. Without the cap: (2,500 − 2,250) × 70% = 175.
        Assert.Equal(Yuan("1050"), Settle(SupplementaryClaim(CategorySet.Dibao), policy: SupplementaryPolicy(1000m)).Payments.MedicalAssistance);
        Assert.Equal(Yuan("175"), Settle(SupplementaryClaim(CategorySet.Dibao)).Payments.MedicalAssistance);
    }
}
