using System.Text.Json.Nodes;
using Nankang.Health.Settlement.Allowances;
using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests.Allowances;

/// <summary>§7 rehabilitation: poor and under 9 on the first day of the month; min(cost, 3,000 or 1,800); at most 10 paid months a year.</summary>
public sealed class ChildRehabilitationTests
{
    private static readonly DateOnly FiveYearsOld = new(2015, 1, 1);
    private static readonly CategoryPeriod[] PoorAlways = [new(Category.RegisteredPoor, new(2015, 1, 1), null)];

    private static RehabDecision Assess(
        string cost,
        RehabCondition condition = RehabCondition.CerebralPalsy,
        DateOnly? birthDate = null,
        int month = 6,
        CategoryPeriod[]? categories = null,
        int paidMonths = 0,
        ChildRehabilitationPolicy? policy = null) =>
        ChildRehabilitation.Assess(
            birthDate ?? FiveYearsOld, 2020, month, condition, Yuan(cost), categories ?? PoorAlways, paidMonths, policy ?? Policy.ChildRehabilitation);

    [Theory]
    // cerebral palsy: min(cost, 3,000)
    [InlineData(RehabCondition.CerebralPalsy, "2999.99", "2999.99")]
    [InlineData(RehabCondition.CerebralPalsy, "3000", "3000")]
    [InlineData(RehabCondition.CerebralPalsy, "3000.01", "3000")]
    [InlineData(RehabCondition.CerebralPalsy, "3500", "3000")]
    // deafness, autism, intellectual disability: min(cost, 1,800)
    [InlineData(RehabCondition.Deafness, "2000", "1800")]
    [InlineData(RehabCondition.Autism, "1800.01", "1800")]
    [InlineData(RehabCondition.Autism, "1800", "1800")]
    [InlineData(RehabCondition.IntellectualDisability, "1799.99", "1799.99")]
    [InlineData(RehabCondition.IntellectualDisability, "0", "0")]
    public void Assess_PaysTheActualCostUpToTheConditionsCap(RehabCondition condition, string cost, string expected)
    {
        var decision = Assess(cost, condition);
        Assert.True(decision.Paid);
        Assert.Equal(Yuan(expected), decision.Amount);
    }

    [Theory]
    // 9th birthday on 1 June 2020: May is paid (8 on 1 May); June is not (9 on 1 June)
    [InlineData(2011, 6, 1, 5, true)]
    [InlineData(2011, 6, 1, 6, false)]
    // 9th birthday on 2 June 2020: still 8 on 1 June; 9 on 1 July
    [InlineData(2011, 6, 2, 6, true)]
    [InlineData(2011, 6, 2, 7, false)]
    // 9th birthday on 31 May 2020: 9 on 1 June
    [InlineData(2011, 5, 31, 6, false)]
    // born 29 February 2012: 8 on 1 February 2020, and a newborn is eligible
    [InlineData(2012, 2, 29, 2, true)]
    [InlineData(2020, 6, 1, 6, true)]
    public void Assess_UnderNineOnTheFirstDayOfTheMonth(int year, int month, int day, int serviceMonth, bool paid)
    {
        var decision = Assess("1000", birthDate: new DateOnly(year, month, day), month: serviceMonth);
        Assert.Equal(paid, decision.Paid);
        Assert.Equal(paid ? Yuan("1000") : Money.Zero, decision.Amount);
        Assert.Equal(paid ? RehabRefusal.None : RehabRefusal.TooOld, decision.Refusal);
    }

    [Theory]
    // poor from 2 May: not poor on 1 May → refused; paid from June
    [InlineData(2020, 5, 2, null, 5, false)]
    [InlineData(2020, 5, 2, null, 6, true)]
    // poor until 1 May: poor on 1 May → paid; not on 1 June
    [InlineData(2015, 1, 1, "2020-05-01", 5, true)]
    [InlineData(2015, 1, 1, "2020-05-01", 6, false)]
    public void Assess_PoorOnTheFirstDayOfTheMonth(int year, int month, int day, string? to, int serviceMonth, bool paid)
    {
        CategoryPeriod[] categories = [new(Category.Dibao, new(year, month, day), to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture))];
        var decision = Assess("1000", month: serviceMonth, categories: categories);
        Assert.Equal(paid ? RehabRefusal.None : RehabRefusal.NotPoor, decision.Refusal);
    }

    [Fact]
    public void Assess_MarginalOnly_IsNotPoor() =>
        Assert.Equal(RehabRefusal.NotPoor, Assess("1000", categories: [new(Category.Marginal, new(2015, 1, 1), null)]).Refusal);

    [Theory]
    [InlineData(9, RehabRefusal.None)]
    [InlineData(10, RehabRefusal.MonthLimitReached)]
    [InlineData(11, RehabRefusal.MonthLimitReached)]
    public void Assess_AtMostTenPaidMonthsAYear(int paidMonths, RehabRefusal refusal) =>
        Assert.Equal(refusal, Assess("1000", paidMonths: paidMonths).Refusal);

    [Fact]
    public void Assess_EveryMonthOfAYear_PaysTenMonths()
    {
        // 2,000 a month for cerebral palsy: January to October paid (10 × 2,000 = 20,000); November and December refused
        var paidMonths = 0;
        var total = Money.Zero;
        var refusals = new List<RehabRefusal>();
        for (var month = 1; month <= 12; month++)
        {
            var decision = Assess("2000", month: month, paidMonths: paidMonths);
            refusals.Add(decision.Refusal);
            if (decision.Paid)
            {
                paidMonths++;
                total += decision.Amount;
            }
        }

        Assert.Equal(Yuan("20000"), total);
        Assert.Equal([RehabRefusal.MonthLimitReached, RehabRefusal.MonthLimitReached], refusals.Skip(10));
    }

    [Fact]
    public void Assess_ConditionWithoutCap_PaysNothing()
    {
        var policy = TestPolicies.Modified(p => p.Section("childRehabilitation")["monthlyCapByCondition"] = new JsonObject { ["CerebralPalsy"] = 3000m })
            .ChildRehabilitation;
        var decision = Assess("1000", RehabCondition.Deafness, policy: policy);
        Assert.Equal(RehabRefusal.NoCapForCondition, decision.Refusal);
        Assert.Equal(Money.Zero, decision.Amount);
    }

    [Fact]
    public void Assess_NegativeCost_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => Assess("-0.01"));
}
