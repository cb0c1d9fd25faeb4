using System.Collections.Immutable;
using Nankang.Health.Settlement.Policies;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests.Policies;

public sealed class AssistancePolicyTests
{
    private static AssistancePolicy PolicyOf(params (Category Category, string Rate, string? Cap)[] terms) => new(
        "610100",
        terms.ToImmutableDictionary(t => t.Category, t => new AssistanceTerms(Rate.Parse(t.Rate), t.Cap is null ? null : Yuan(t.Cap))));

    [Fact]
    public void MostFavourable_NoCategoryWithTerms_IsNull()
    {
        Assert.Null(Policy.MedicalAssistance.MostFavourable(CategorySet.None));
        Assert.Null(PolicyOf((Category.Tekun, "1", null)).MostFavourable(CategorySet.Dibao));
    }

    [Fact]
    public void MostFavourable_HigherRateWinsOverAnUncappedLowerRate()
    {
        var policy = PolicyOf((Category.Dibao, "0.7", "30000"), (Category.Marginal, "0.5", null));
        Assert.Equal(Category.Dibao, policy.MostFavourable(CategorySet.Dibao | CategorySet.Marginal)!.Value.Category);
    }

    [Fact]
    public void MostFavourable_SameRate_NoCapWins()
    {
        var policy = PolicyOf((Category.RegisteredPoor, "0.7", "30000"), (Category.Dibao, "0.7", null));
        Assert.Equal(Category.Dibao, policy.MostFavourable(CategorySet.RegisteredPoor | CategorySet.Dibao)!.Value.Category);
    }

    [Fact]
    public void MostFavourable_SameRate_LargerCapWins()
    {
        var policy = PolicyOf((Category.RegisteredPoor, "0.7", "30000"), (Category.Dibao, "0.7", "30000.01"));
        Assert.Equal(Category.Dibao, policy.MostFavourable(CategorySet.RegisteredPoor | CategorySet.Dibao)!.Value.Category);
    }

    [Fact]
    public void MostFavourable_EqualTerms_FirstDeclaredCategory()
    {
        // RegisteredPoor and Dibao both carry 70% up to 30,000 in nankang-2020
        var best = Policy.MedicalAssistance.MostFavourable(CategorySet.Dibao | CategorySet.RegisteredPoor)!.Value;
        Assert.Equal(Category.RegisteredPoor, best.Category);
        Assert.Equal(new AssistanceTerms(Rate.Parse("0.7"), Yuan("30000")), best.Terms);
    }
}
