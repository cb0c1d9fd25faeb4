using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CsCheck;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement.Tests.Support;

/// <summary>CsCheck generators of claims and member-years, and the one way the properties run.</summary>
internal static class Generators
{
    /// <summary>At least 10,000 cases per property; CsCheck reports the seed that reproduces a failure.</summary>
    public const long Iterations = 10_000;

    /// <summary>
    /// The shipped policy, and a variant that makes the rarer paths common: two tiers in each serious-illness schedule,
    /// a supplementary cap with an outside-scope rate, and Marginal assistance without a cap.
    /// </summary>
    public static readonly ImmutableArray<SettlementPolicy> Policies =
    [
        Build.Policy,
        TestPolicies.Modified(p =>
        {
            p["version"] = "variant";
            var serious = p.Section("seriousIllnessInsurance");
            serious["poorTiers"] = new JsonArray(Tier(5000m, 50000m, 0.65m), Tier(50000m, null, 0.8m));
            serious["generalTiers"] = new JsonArray(Tier(10000m, 100000m, 0.6m), Tier(150000m, null, 0.7m));
            var supplementary = p.Section("supplementaryInsurance");
            supplementary["outOfScopeRate"] = 0.2m;
            supplementary["annualCap"] = 20000m;
            p.Section("medicalAssistance")["byCategory"]!["Marginal"]!["annualCap"] = null;
        }),
    ];

    /// <summary>Fen with a heavy tail up to 500,000 yuan, some zeros and some round hundreds of yuan (thresholds are round).</summary>
    public static readonly Gen<Money> Amount = Gen.Frequency(
            (2, Gen.Const(0L)),
            (35, Gen.Long[1, 100_000]), // up to 1,000
            (30, Gen.Long[1, 2_000_000]), // up to 20,000
            (15, Gen.Long[1, 20_000_000]), // up to 200,000
            (8, Gen.Long[1, 50_000_000]), // up to 500,000
            (10, Gen.Long[1, 5_000].Select(hundreds => hundreds * 10_000)))
        .Select(fen => new Money(fen));

    private static readonly Gen<Rate?> ClassBRatio = Gen.Frequency(
        (12, Gen.Const((Rate?)null)),
        (1, Gen.Const((Rate?)Rate.Zero)),
        (1, Gen.Const((Rate?)Rate.Full)),
        (6, Gen.Int[0, Rate.BasisPointsPerUnit].Select(bp => (Rate?)Rate.FromBasisPoints(bp))));

    /// <summary>Over-limit as a percentage of the line: mostly none, sometimes all of it.</summary>
    private static readonly Gen<int> OverLimitPercent = Gen.Frequency((14, Gen.Const(0)), (1, Gen.Const(100)), (5, Gen.Int[1, 99]));

    public static readonly Gen<FeeLine> Fee = Gen.Select(Gen.Enum<FeeClass>(), Amount, OverLimitPercent, ClassBRatio, (feeClass, amount, percent, ratio) =>
        feeClass switch
        {
            FeeClass.C => new FeeLine(FeeClass.C, amount),
            FeeClass.A => new FeeLine(FeeClass.A, amount, new Money(amount.Fen * percent / 100)),
            _ => new FeeLine(FeeClass.B, amount, new Money(amount.Fen * percent / 100), ratio),
        });

    public static readonly Gen<CategorySet> Categories = Gen.Int[0, 15].Select(bits => (CategorySet)bits);

    public static readonly Gen<HospitalProfile> Hospital = Gen.Select(
        Gen.Int[HospitalProfile.MinLevel, HospitalProfile.MaxLevel],
        Gen.Enum<Region>(),
        Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false))),
        (level, region, designated) => new HospitalProfile(level, region, designated));

    /// <summary>A claim of 1 to 12 lines with a total above zero, discharged in 2020.</summary>
    public static Gen<Claim> Claim(Gen<CategorySet> categories) => Gen.Select(
            categories,
            Hospital,
            Gen.Int[1, 366].Select(day => new DateOnly(2020, 1, 1).AddDays(day - 1)),
            Gen.Bool,
            Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false))),
            Fee.Array[1, 12],
            (set, hospital, discharged, referred, applicable, fees) => new Claim(set, hospital, discharged, referred, applicable, [.. fees]))
        .Where(claim => claim.Fees.Any(f => !f.Amount.IsZero));

    /// <summary>
    /// A member-year of 1 to <paramref name="maxClaims"/> claims under one policy. The member mostly keeps one set of
    /// categories, and sometimes has another on a claim (categories change during the year).
    /// </summary>
    public static Gen<YearInput> Year(int maxClaims = 8) =>
        Gen.Select(Gen.OneOfConst([.. Policies]), Categories, (policy, usual) => (policy, usual))
            .SelectMany(t => Claim(Gen.Frequency((4, Gen.Const(t.usual)), (1, Categories))).Array[1, maxClaims]
                .Select(claims => new YearInput(t.policy, [.. claims])));

    /// <summary>Runs <paramref name="property"/> on <see cref="Iterations"/> cases; a failure names the seed and the shrunk case.</summary>
    public static void Check<T>(this Gen<T> gen, Action<T> property, Func<T, string>? print = null) =>
        gen.Sample(property, iter: Iterations, print: print ?? (value => value?.ToString() ?? "null"));

    private static JsonObject Tier(decimal from, decimal? to, decimal rate) => new() { ["from"] = from, ["to"] = to, ["rate"] = rate };
}
