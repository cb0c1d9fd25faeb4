using Nankang.Health.Settlement.Allowances;
using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests.Allowances;

/// <summary>§7 caregiver allowance: 250 for each month with a day that is both certified and poor, at most 3,000 a year.</summary>
public sealed class CaregiverAllowanceTests
{
    private static readonly CategoryPeriod[] PoorAlways = [new(Category.RegisteredPoor, new(2015, 1, 1), null)];

    private static CaregiverEntitlement Entitlement(
        CareCertification[] certifications, CategoryPeriod[]? categories = null, CaregiverPolicy? policy = null, int year = 2020) =>
        CaregiverAllowance.Entitlement(year, certifications, categories ?? PoorAlways, policy ?? Policy.CaregiverAllowance);

    private static CareCertification Certified(DateOnly from, DateOnly? to = null) => new("stroke", from, to);

    [Fact]
    public void Entitlement_CertifiedAndPoorAllYear_TwelveMonthsIsTheCap()
    {
        // 12 × 250 = 3,000 = the annual cap
        var entitlement = Entitlement([Certified(new(2018, 5, 1))]);
        Assert.Equal(Enumerable.Range(1, 12), entitlement.Months);
        Assert.Equal(Yuan("3000"), entitlement.Amount);
        Assert.Equal(2020, entitlement.Year);
    }

    [Fact]
    public void Entitlement_ThroughARunDate_CountsOnlyMonthsBegunByThen()
    {
        // Open-ended since 2018: a run on 10 September pays January to September, 9 × 250 = 2,250; October to December
        // have not begun. The last day of September still pays nothing of October; 1 October pays it.
        var certifications = new[] { Certified(new(2018, 5, 1)) };
        var september = CaregiverAllowance.Entitlement(2020, certifications, PoorAlways, Policy.CaregiverAllowance, new DateOnly(2020, 9, 10));
        Assert.Equal(Enumerable.Range(1, 9), september.Months);
        Assert.Equal(Yuan("2250"), september.Amount);
        var lastOfSeptember = CaregiverAllowance.Entitlement(2020, certifications, PoorAlways, Policy.CaregiverAllowance, new DateOnly(2020, 9, 30));
        Assert.Equal(Enumerable.Range(1, 9), lastOfSeptember.Months);
        var october = CaregiverAllowance.Entitlement(2020, certifications, PoorAlways, Policy.CaregiverAllowance, new DateOnly(2020, 10, 1));
        Assert.Equal(Enumerable.Range(1, 10), october.Months);

        // A certification that begins later in a begun month still earns that month; a run in an earlier year pays nothing.
        var lateStart = CaregiverAllowance.Entitlement(2020, [Certified(new(2020, 9, 20))], PoorAlways, Policy.CaregiverAllowance, new DateOnly(2020, 9, 10));
        Assert.Equal([9], lateStart.Months);
        Assert.Empty(CaregiverAllowance.Entitlement(2020, certifications, PoorAlways, Policy.CaregiverAllowance, new DateOnly(2019, 12, 31)).Months);
    }

    [Fact]
    public void Entitlement_CertifiedOnTheLastDayOfAMonth_CountsThatMonth()
    {
        // March (31st) to December: 10 × 250 = 2,500
        var entitlement = Entitlement([Certified(new(2020, 3, 31))]);
        Assert.Equal(Enumerable.Range(3, 10), entitlement.Months);
        Assert.Equal(Yuan("2500"), entitlement.Amount);
    }

    [Fact]
    public void Entitlement_CertificationEndingOnTheFirstDayOfAMonth_CountsThatMonth()
    {
        // January to May (1st): 5 × 250 = 1,250
        var entitlement = Entitlement([Certified(new(2019, 1, 1), new(2020, 5, 1))]);
        Assert.Equal(Enumerable.Range(1, 5), entitlement.Months);
        Assert.Equal(Yuan("1250"), entitlement.Amount);
    }

    [Fact]
    public void Entitlement_PoorFromMidYear_CountsOnlyPoorMonths()
    {
        // certified all year, Dibao from 1 July: July to December, 6 × 250 = 1,500
        var entitlement = Entitlement([Certified(new(2019, 1, 1))], [new(Category.Dibao, new(2020, 7, 1), null)]);
        Assert.Equal(Enumerable.Range(7, 6), entitlement.Months);
        Assert.Equal(Yuan("1500"), entitlement.Amount);
    }

    [Fact]
    public void Entitlement_PoorUntilTheFirstOfAMonth_CountsThatMonth()
    {
        // Tekun until 1 June: January to June, 6 × 250 = 1,500
        var entitlement = Entitlement([Certified(new(2019, 1, 1))], [new(Category.Tekun, new(2019, 1, 1), new(2020, 6, 1))]);
        Assert.Equal(Enumerable.Range(1, 6), entitlement.Months);
    }

    [Fact]
    public void Entitlement_CertifiedAndPoorOnDifferentDaysOfAMonth_DoesNotCountIt()
    {
        // certified 1–15 January, poor from 16 January: no day of January is both; nothing after January is certified
        var entitlement = Entitlement([Certified(new(2020, 1, 1), new(2020, 1, 15))], [new(Category.RegisteredPoor, new(2020, 1, 16), null)]);
        Assert.Empty(entitlement.Months);
        Assert.Equal(Money.Zero, entitlement.Amount);
    }

    [Fact]
    public void Entitlement_CertifiedAndPoorOnOneCommonDay_CountsTheMonth()
    {
        // certified 10–20 January, poor from 20 January: the 20th is both → 250
        var entitlement = Entitlement([Certified(new(2020, 1, 10), new(2020, 1, 20))], [new(Category.RegisteredPoor, new(2020, 1, 20), null)]);
        Assert.Equal([1], entitlement.Months);
        Assert.Equal(Yuan("250"), entitlement.Amount);
    }

    [Fact]
    public void Entitlement_MarginalOnly_IsNotPoor()
    {
        var entitlement = Entitlement([Certified(new(2019, 1, 1))], [new(Category.Marginal, new(2019, 1, 1), null)]);
        Assert.Equal(Money.Zero, entitlement.Amount);
    }

    [Fact]
    public void Entitlement_SeveralCertifications_UniteTheirMonths()
    {
        // February and 29 February (leap day) only, then October to November: 3 months → 750
        var entitlement = Entitlement([Certified(new(2020, 2, 29), new(2020, 2, 29)), Certified(new(2020, 10, 31), new(2020, 11, 1))]);
        Assert.Equal([2, 10, 11], entitlement.Months);
        Assert.Equal(Yuan("750"), entitlement.Amount);
    }

    [Fact]
    public void Entitlement_CertificationAcrossNewYear_CountsInEachYearSeparately()
    {
        CareCertification[] certifications = [Certified(new(2019, 12, 31), new(2020, 1, 1))];
        Assert.Equal([12], Entitlement(certifications, year: 2019).Months);
        Assert.Equal([1], Entitlement(certifications, year: 2020).Months);
    }

    [Theory]
    // a policy paying 300 a month up to 3,000: 9 → 2,700; 10 → 3,000; 11 → 3,300 capped to 3,000
    [InlineData(4, "2700")]
    [InlineData(3, "3000")]
    [InlineData(2, "3000")]
    public void Entitlement_AnnualCapLimitsTheMonths(int firstMonth, string expected)
    {
        var policy = TestPolicies.Modified(p => p.Section("caregiverAllowance")["monthlyAmount"] = 300m).CaregiverAllowance;
        Assert.Equal(Yuan(expected), Entitlement([Certified(new(2020, firstMonth, 1))], policy: policy).Amount);
    }

    [Theory]
    // entitlement 1,500: a re-run books entitlement − already paid
    [InlineData("0", "1500")]
    [InlineData("1000", "500")]
    [InlineData("1500", "0")]
    [InlineData("2000", "-500")]
    [InlineData("3000", "-1500")]
    public void Due_IsTheDifferenceFromWhatWasPaid(string alreadyPaid, string expected)
    {
        var entitlement = Entitlement([Certified(new(2020, 7, 1))]);
        Assert.Equal(Yuan(expected), CaregiverAllowance.Due(entitlement, Yuan(alreadyPaid)));
    }

    [Fact]
    public void Due_RerunWithUnchangedFacts_IsZero()
    {
        var first = Entitlement([Certified(new(2020, 3, 15))]);
        var rerun = Entitlement([Certified(new(2020, 3, 15))]);
        Assert.Equal(Money.Zero, CaregiverAllowance.Due(rerun, first.Amount));
    }

    [Fact]
    public void Due_RegistryCorrectedDownward_IsARecovery()
    {
        // first run: poor all year → 3,000 paid. The registry then says poor only from 1 July → 1,500; the re-run recovers 1,500.
        var paid = Entitlement([Certified(new(2019, 1, 1))]).Amount;
        var corrected = Entitlement([Certified(new(2019, 1, 1))], [new(Category.RegisteredPoor, new(2020, 7, 1), null)]);
        Assert.Equal(Yuan("-1500"), CaregiverAllowance.Due(corrected, paid));
    }
}
