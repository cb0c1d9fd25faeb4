namespace Nankang.Health.Settlement.Tests;

public sealed class CategorySetsTests
{
    private static readonly DateOnly Discharge = new(2020, 6, 30);

    [Fact]
    public void On_PeriodEndingOnTheDay_Applies() =>
        Assert.Equal(CategorySet.RegisteredPoor, CategorySets.On([new(Category.RegisteredPoor, new(2015, 1, 1), Discharge)], Discharge));

    [Fact]
    public void On_PeriodEndingTheDayBefore_DoesNotApply() =>
        Assert.Equal(CategorySet.None, CategorySets.On([new(Category.RegisteredPoor, new(2015, 1, 1), Discharge.AddDays(-1))], Discharge));

    [Fact]
    public void On_PeriodStartingOnTheDay_Applies() =>
        Assert.Equal(CategorySet.Dibao, CategorySets.On([new(Category.Dibao, Discharge, null)], Discharge));

    [Fact]
    public void On_PeriodStartingTheDayAfter_DoesNotApply() =>
        Assert.Equal(CategorySet.None, CategorySets.On([new(Category.Dibao, Discharge.AddDays(1), null)], Discharge));

    [Fact]
    public void On_OneDayPeriod_AppliesOnThatDayOnly()
    {
        CategoryPeriod[] periods = [new(Category.Tekun, Discharge, Discharge)];
        Assert.Equal(CategorySet.Tekun, CategorySets.On(periods, Discharge));
        Assert.Equal(CategorySet.None, CategorySets.On(periods, Discharge.AddDays(-1)));
        Assert.Equal(CategorySet.None, CategorySets.On(periods, Discharge.AddDays(1)));
    }

    [Fact]
    public void On_SeveralPeriods_UnitesTheValidOnes()
    {
        CategoryPeriod[] periods =
        [
            new(Category.RegisteredPoor, new(2015, 1, 1), null),
            new(Category.Marginal, new(2020, 1, 1), Discharge),
            new(Category.Dibao, new(2019, 1, 1), new(2019, 12, 31)),
        ];
        Assert.Equal(CategorySet.RegisteredPoor | CategorySet.Marginal, CategorySets.On(periods, Discharge));
    }

    [Theory]
    [InlineData(CategorySet.None, false, false)]
    [InlineData(CategorySet.RegisteredPoor, true, true)]
    [InlineData(CategorySet.Dibao, true, false)]
    [InlineData(CategorySet.Tekun, true, false)]
    [InlineData(CategorySet.Marginal, false, false)]
    [InlineData(CategorySet.Marginal | CategorySet.Dibao, true, false)]
    public void IsPoor_IsRegisteredPoorDibaoOrTekun(CategorySet set, bool poor, bool registeredPoor)
    {
        Assert.Equal(poor, set.IsPoor());
        Assert.Equal(registeredPoor, set.IsRegisteredPoor());
    }

    [Fact]
    public void Members_InDeclarationOrder() =>
        Assert.Equal([Category.RegisteredPoor, Category.Marginal], (CategorySet.Marginal | CategorySet.RegisteredPoor).Members());
}
