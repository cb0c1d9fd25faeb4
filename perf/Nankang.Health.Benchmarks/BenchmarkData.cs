using System.Collections.Immutable;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Benchmarks;

/// <summary>The inputs of the benchmarks: the shipped policy, a 12-line claim of a poor member with a prior claim, and a generated batch.</summary>
internal static class BenchmarkData
{
    public static SettlementPolicy Policy => PolicySet.Default.For(new DateOnly(2020, 12, 31))!;

    /// <summary>A registered-poor and Dibao member at a designated in-district level-2 hospital: every one of the six lines pays.</summary>
    public static readonly CategorySet MemberCategories = CategorySet.RegisteredPoor | CategorySet.Dibao;

    public static readonly HospitalProfile DistrictHospital = new(2, Region.InDistrict, Designated: true);

    /// <summary>The claim booked before the benchmark claim in the same year; it fills the accumulators.</summary>
    public static Claim PriorClaim() => new(
        MemberCategories, DistrictHospital, new DateOnly(2020, 3, 12), Referred: false, InsuranceApplicable: true,
        [
            new FeeLine(FeeClass.A, Money.Parse("18250.40")),
            new FeeLine(FeeClass.B, Money.Parse("6400.00"), Money.Parse("320.00")),
            new FeeLine(FeeClass.C, Money.Parse("53120.55")),
        ]);

    /// <summary>The benchmark claim: 12 fee lines of every class, with over-limit amounts and self-pay ratios.</summary>
    public static Claim TwelveLineClaim() => new(
        MemberCategories, DistrictHospital, new DateOnly(2020, 6, 20), Referred: false, InsuranceApplicable: true,
        [
            new FeeLine(FeeClass.A, Money.Parse("12345.67")),
            new FeeLine(FeeClass.A, Money.Parse("4820.05"), Money.Parse("120.33")),
            new FeeLine(FeeClass.A, Money.Parse("980.10")),
            new FeeLine(FeeClass.A, Money.Parse("15.55")),
            new FeeLine(FeeClass.B, Money.Parse("7310.25")),
            new FeeLine(FeeClass.B, Money.Parse("2203.33"), Money.Parse("403.01")),
            new FeeLine(FeeClass.B, Money.Parse("1999.99"), SelfPayRatio: Rate.Parse("0.15")),
            new FeeLine(FeeClass.B, Money.Parse("640.45"), Money.Parse("40.45"), Rate.Parse("0.2")),
            new FeeLine(FeeClass.B, Money.Parse("88.85")),
            new FeeLine(FeeClass.C, Money.Parse("3456.78")),
            new FeeLine(FeeClass.C, Money.Parse("250.01")),
            new FeeLine(FeeClass.C, Money.Parse("9.95")),
        ]);

    /// <summary>Five claims of one member in booking order within 2020.</summary>
    public static ChainEntry[] YearOfFive()
    {
        var policy = Policy;
        var twelve = TwelveLineClaim();
        return
        [
            new(PriorClaim(), policy),
            new(twelve, policy),
            new(twelve with { Hospital = new HospitalProfile(3, Region.InCity, Designated: true), Referred = true, DischargedOn = new DateOnly(2020, 8, 2) }, policy),
            new(PriorClaim() with { Hospital = new HospitalProfile(1, Region.InDistrict, Designated: false), DischargedOn = new DateOnly(2020, 9, 30) }, policy),
            new(twelve with { Hospital = new HospitalProfile(3, Region.OutOfProvince, Designated: true), DischargedOn = new DateOnly(2020, 11, 15) }, policy),
        ];
    }

    private static readonly HospitalProfile[] Hospitals =
    [
        new(1, Region.InDistrict, true),
        new(2, Region.InDistrict, true),
        new(3, Region.InDistrict, true),
        new(3, Region.InCity, true),
        new(3, Region.InProvince, true),
        new(3, Region.OutOfProvince, true),
        new(1, Region.InDistrict, false),
        new(2, Region.InCity, false),
    ];

    private static readonly CategorySet[] CategoryMix =
    [
        CategorySet.None, CategorySet.None, CategorySet.None, CategorySet.None, CategorySet.None,
        CategorySet.RegisteredPoor, CategorySet.RegisteredPoor, CategorySet.Dibao, CategorySet.Tekun, CategorySet.Marginal,
        CategorySet.Marginal, CategorySet.RegisteredPoor | CategorySet.Dibao, CategorySet.Dibao | CategorySet.Tekun,
    ];

    private static readonly Rate?[] SelfPayRatios = [null, null, null, null, Rate.Parse("0.05"), Rate.Parse("0.15"), Rate.Parse("0.2")];

    /// <summary>
    /// <paramref name="count"/> claims in member-year order: each member has 1–6 claims in 2020, with categories, hospital,
    /// referral, applicability, 1–12 fee lines and amounts drawn from a fixed seed. <c>NewMemberYear[i]</c> marks the first claim
    /// of a member-year, where the accumulators start from zero.
    /// </summary>
    public static (Claim[] Claims, bool[] NewMemberYear) Batch(int count, int seed = 2020)
    {
        var random = new Random(seed);
        var claims = new Claim[count];
        var newMemberYear = new bool[count];
        var i = 0;
        while (i < count)
        {
            var claimsOfMember = Math.Min(random.Next(1, 7), count - i);
            var categories = CategoryMix[random.Next(CategoryMix.Length)];
            var day = new DateOnly(2020, 1, 1);
            for (var k = 0; k < claimsOfMember; k++, i++)
            {
                day = day.AddDays(random.Next(1, 60));
                var lines = random.Next(1, 13);
                var fees = ImmutableArray.CreateBuilder<FeeLine>(lines);
                for (var l = 0; l < lines; l++)
                {
                    var feeClass = random.Next(10) switch { < 6 => FeeClass.A, < 9 => FeeClass.B, _ => FeeClass.C };
                    var amount = new Money(random.NextInt64(1_000, 2_000_000));
                    var overLimit = feeClass != FeeClass.C && random.Next(10) == 0 ? new Money(random.NextInt64(0, (amount.Fen / 5) + 1)) : Money.Zero;
                    var ratio = feeClass == FeeClass.B ? SelfPayRatios[random.Next(SelfPayRatios.Length)] : null;
                    fees.Add(new FeeLine(feeClass, amount, overLimit, ratio));
                }

                claims[i] = new Claim(
                    categories,
                    Hospitals[random.Next(Hospitals.Length)],
                    day,
                    Referred: random.Next(5) == 0,
                    InsuranceApplicable: random.Next(50) != 0,
                    fees.MoveToImmutable());
                newMemberYear[i] = k == 0;
            }
        }

        return (claims, newMemberYear);
    }
}
