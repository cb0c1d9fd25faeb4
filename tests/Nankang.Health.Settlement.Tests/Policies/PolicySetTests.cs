using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;

namespace Nankang.Health.Settlement.Tests.Policies;

public sealed class PolicySetTests
{
    private static SettlementPolicy Dated(string version, string from, string? to) => TestPolicies.Modified(p =>
    {
        p["version"] = version;
        p["effectiveFrom"] = from;
        p["effectiveTo"] = to;
    });

    [Fact]
    public void Default_HoldsNankang2020FromItsFirstDay()
    {
        var set = PolicySet.Default;
        Assert.Equal(new DateOnly(2020, 1, 1), set.FirstEffectiveDate);
        Assert.Equal("nankang-2020", set.For(new DateOnly(2020, 1, 1))?.Version);
        Assert.Equal("nankang-2020", set.For(new DateOnly(2035, 12, 31))?.Version);
        Assert.Same(set.Version("nankang-2020"), set.For(new DateOnly(2020, 6, 30)));
    }

    [Fact]
    public void For_DateBeforeTheFirstPolicy_IsNull() => Assert.Null(PolicySet.Default.For(new DateOnly(2019, 12, 31)));

    [Fact]
    public void For_ConsecutivePolicies_PicksByDischargeDate()
    {
        var set = new PolicySet([Dated("p-2021", "2021-01-01", null), Dated("p-2020", "2020-01-01", "2020-12-31")]);
        Assert.Null(set.For(new DateOnly(2019, 12, 31)));
        Assert.Equal("p-2020", set.For(new DateOnly(2020, 1, 1))?.Version);
        Assert.Equal("p-2020", set.For(new DateOnly(2020, 12, 31))?.Version);
        Assert.Equal("p-2021", set.For(new DateOnly(2021, 1, 1))?.Version);
        Assert.Equal(["p-2020", "p-2021"], set.Policies.Select(p => p.Version));
    }

    [Fact]
    public void For_OpenEndedPolicyFollowedByALaterOne_IsSupersededOnTheLaterStart()
    {
        var set = new PolicySet([Dated("p-2020", "2020-01-01", null), Dated("p-2021", "2021-01-01", null)]);

        Assert.Equal("p-2020", set.For(new DateOnly(2020, 12, 31))!.Version);
        Assert.Equal("p-2021", set.For(new DateOnly(2021, 1, 1))!.Version);
    }

    [Fact]
    public void For_GapBetweenPolicies_IsNull()
    {
        var set = new PolicySet([Dated("p-2020", "2020-01-01", "2020-06-30"), Dated("p-2021", "2021-01-01", null)]);
        Assert.Null(set.For(new DateOnly(2020, 7, 1)));
        Assert.Equal("p-2021", set.For(new DateOnly(2021, 1, 1))?.Version);
    }

    [Fact]
    public void Constructor_OverlappingDates_NamesTheLaterPolicy()
    {
        var error = Assert.Throws<PolicyException>(() =>
            new PolicySet([Dated("p-2020", "2020-01-01", "2021-01-01"), Dated("p-2021", "2021-01-01", null)]));
        Assert.StartsWith("p-2021.effectiveFrom:", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PolicyInsideAnother_IsAnOverlap() =>
        Assert.Throws<PolicyException>(() =>
            new PolicySet([Dated("outer", "2020-01-01", "2022-12-31"), Dated("inner", "2021-03-01", "2021-03-31"), Dated("later", "2023-01-01", null)]));

    [Fact]
    public void Constructor_DuplicateVersion_IsRejected()
    {
        var error = Assert.Throws<PolicyException>(() =>
            new PolicySet([Dated("p", "2020-01-01", "2020-12-31"), Dated("p", "2021-01-01", null)]));
        Assert.StartsWith("p.version:", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoPolicy_IsRejected() => Assert.Throws<PolicyException>(() => new PolicySet([]));

    [Fact]
    public void With_AddsAPolicyToACopy()
    {
        var set = new PolicySet([Dated("p-2020", "2020-01-01", "2020-12-31")]);
        var extended = set.With(Dated("p-2021", "2021-01-01", null));
        Assert.Null(set.For(new DateOnly(2021, 1, 1)));
        Assert.Equal("p-2021", extended.For(new DateOnly(2021, 1, 1))?.Version);
    }

    [Fact]
    public void Version_Unknown_IsNull() => Assert.Null(PolicySet.Default.Version("nankang-1999"));

    [Fact]
    public void LoadEmbedded_UnknownVersion_Throws() => Assert.Throws<PolicyException>(() => PolicySet.LoadEmbedded("nankang-1999"));
}
