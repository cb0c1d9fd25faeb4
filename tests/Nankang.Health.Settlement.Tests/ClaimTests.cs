using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests;

public sealed class ClaimTests
{
    [Fact]
    public void ValidateFees_ValidLinesOfEveryClass_NoErrors() =>
        Assert.Empty(Claim.ValidateFees([A("100", "20"), B("50", "0.01", "0.2"), B("10"), C("3.05")]));

    [Fact]
    public void ValidateFees_NoLines_NamesFees()
    {
        var error = Assert.Single(Claim.ValidateFees([]));
        Assert.Equal("fees", error.Path);
    }

    [Fact]
    public void ValidateFees_TenThousandLines_Accepted() =>
        Assert.Empty(Claim.ValidateFees(Enumerable.Repeat(A("0.01"), Claim.MaxFeeLines).ToArray()));

    [Fact]
    public void ValidateFees_TenThousandAndOneLines_NamesFees()
    {
        var error = Assert.Single(Claim.ValidateFees(Enumerable.Repeat(A("0.01"), Claim.MaxFeeLines + 1).ToArray()));
        Assert.Equal("fees", error.Path);
    }

    [Fact]
    public void ValidateFees_MaximumAmountOnEveryLine_Accepted() =>
        Assert.Empty(Claim.ValidateFees(Enumerable.Repeat(new FeeLine(FeeClass.A, Money.MaxInput), Claim.MaxFeeLines).ToArray()));

    [Fact]
    public void ValidateFees_OneFenAboveMaximum_NamesTheAmount()
    {
        // 100,000,000.00 is the largest input; 100,000,000.01 is rejected.
        var error = Assert.Single(Claim.ValidateFees([A("1"), new FeeLine(FeeClass.C, Yuan("100000000.01"))]));
        Assert.Equal("fees[1].amount", error.Path);
    }

    [Fact]
    public void ValidateFees_NegativeAmount_NamesTheAmount()
    {
        var errors = Claim.ValidateFees([A("1"), C("2"), new FeeLine(FeeClass.C, Yuan("-0.01"))]);
        Assert.Equal("fees[2].amount", Assert.Single(errors).Path);
    }

    [Fact]
    public void ValidateFees_OverLimitAboveAmount_NamesOverLimit()
    {
        var errors = Claim.ValidateFees([A("1"), B("1"), A("100", "100.01")]);
        Assert.Equal("fees[2].overLimitAmount", Assert.Single(errors).Path);
    }

    [Fact]
    public void ValidateFees_OverLimitEqualToAmount_Accepted() => Assert.Empty(Claim.ValidateFees([A("100", "100"), C("1")]));

    [Fact]
    public void ValidateFees_NegativeOverLimit_NamesOverLimit()
    {
        var errors = Claim.ValidateFees([new FeeLine(FeeClass.B, Yuan("10"), Yuan("-0.01"))]);
        Assert.Equal("fees[0].overLimitAmount", Assert.Single(errors).Path);
    }

    [Fact]
    public void ValidateFees_OverLimitOnClassC_NamesOverLimit()
    {
        var errors = Claim.ValidateFees([A("1"), A("2"), new FeeLine(FeeClass.C, Yuan("10"), Yuan("1"))]);
        Assert.Equal("fees[2].overLimitAmount", Assert.Single(errors).Path);
    }

    [Theory]
    [InlineData(FeeClass.A)]
    [InlineData(FeeClass.C)]
    public void ValidateFees_SelfPayRatioOutsideClassB_NamesTheRatio(FeeClass feeClass)
    {
        var errors = Claim.ValidateFees([A("1"), new FeeLine(feeClass, Yuan("10"), SelfPayRatio: Rate.Parse("0.1"))]);
        Assert.Equal("fees[1].selfPayRatio", Assert.Single(errors).Path);
    }

    [Fact]
    public void ValidateFees_SeveralBadLines_ReportsEachWithItsIndex()
    {
        var errors = Claim.ValidateFees(
        [
            new FeeLine(FeeClass.A, Yuan("-1")),
            A("5"),
            new FeeLine(FeeClass.C, Yuan("5"), Yuan("1"), Rate.Parse("0.1")),
        ]);
        Assert.Equal(["fees[0].amount", "fees[2].overLimitAmount", "fees[2].selfPayRatio"], errors.Select(e => e.Path));
    }

    [Fact]
    public void ValidateFees_AllLinesZero_RejectsZeroTotal()
    {
        var error = Assert.Single(Claim.ValidateFees([A("0"), B("0"), C("0")]));
        Assert.Equal("fees", error.Path);
    }

    [Fact]
    public void ValidateFees_OneFenInTotal_Accepted() => Assert.Empty(Claim.ValidateFees([A("0"), C("0.01")]));

    [Theory]
    [InlineData(2020, 12, 31, 2020)]
    [InlineData(2021, 1, 1, 2021)]
    public void Year_IsTheCalendarYearOfTheDischargeDate(int year, int month, int day, int expected) =>
        Assert.Equal(expected, Build.Claim(CategorySet.None, [A("1")], dischargedOn: new DateOnly(year, month, day)).Year);
}
