using System.Collections.Immutable;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement.Tests.Support;

/// <summary>Short builders for amounts, fee lines and claims, so that each test reads like its worked example.</summary>
internal static class Build
{
    /// <summary>The shipped policy, <c>nankang-2020</c>, with the defaults of the rules document.</summary>
    public static SettlementPolicy Policy { get; } = PolicySet.Default.Version("nankang-2020")!;

    public static readonly DateOnly Discharge = new(2020, 6, 30);

    public static Money Yuan(string text) => Money.Parse(text);

    public static FeeLine A(string amount, string overLimit = "0") => new(FeeClass.A, Yuan(amount), Yuan(overLimit));

    public static FeeLine B(string amount, string overLimit = "0", string? ratio = null) =>
        new(FeeClass.B, Yuan(amount), Yuan(overLimit), ratio is null ? null : Rate.Parse(ratio));

    public static FeeLine C(string amount) => new(FeeClass.C, Yuan(amount));

    public static Claim Claim(
        CategorySet categories,
        FeeLine[] fees,
        int level = 2,
        Region region = Region.InDistrict,
        bool designated = true,
        bool referred = false,
        bool insuranceApplicable = true,
        DateOnly? dischargedOn = null) =>
        new(categories, new HospitalProfile(level, region, designated), dischargedOn ?? Discharge, referred, insuranceApplicable, [.. fees]);

    public static ImmutableArray<FeeLine> Lines(params FeeLine[] fees) => [.. fees];
}
