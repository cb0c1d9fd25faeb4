namespace Nankang.Health.Settlement;

/// <summary>A poverty category of the registry.</summary>
public enum Category
{
    /// <summary>建档立卡贫困人口.</summary>
    RegisteredPoor,

    /// <summary>低保对象.</summary>
    Dibao,

    /// <summary>特困供养人员.</summary>
    Tekun,

    /// <summary>边缘户/非贫低收入户.</summary>
    Marginal,
}

/// <summary>The set of categories a member holds on one day.</summary>
[Flags]
public enum CategorySet
{
    None = 0,
    RegisteredPoor = 1 << Category.RegisteredPoor,
    Dibao = 1 << Category.Dibao,
    Tekun = 1 << Category.Tekun,
    Marginal = 1 << Category.Marginal,
}

/// <summary>A category held from <see cref="From"/> to <see cref="To"/>, both inclusive; <c>To</c> null is open-ended.</summary>
public readonly record struct CategoryPeriod(Category Category, DateOnly From, DateOnly? To)
{
    public bool Covers(DateOnly day) => From <= day && (To is null || day <= To.Value);
}

public static class CategorySets
{
    public static CategorySet Of(Category category) => (CategorySet)(1 << (int)category);

    public static bool Has(this CategorySet set, Category category) => (set & Of(category)) != 0;

    /// <summary>Poor in the plan's sense (贫困人口): RegisteredPoor, Dibao or Tekun.</summary>
    public static bool IsPoor(this CategorySet set) =>
        (set & (CategorySet.RegisteredPoor | CategorySet.Dibao | CategorySet.Tekun)) != 0;

    public static bool IsRegisteredPoor(this CategorySet set) => (set & CategorySet.RegisteredPoor) != 0;

    /// <summary>The categories of <paramref name="periods"/> valid on <paramref name="day"/>.</summary>
    public static CategorySet On(IEnumerable<CategoryPeriod> periods, DateOnly day)
    {
        var set = CategorySet.None;
        foreach (var period in periods)
        {
            if (period.Covers(day))
            {
                set |= Of(period.Category);
            }
        }

        return set;
    }

    /// <summary>The categories of the set in declaration order.</summary>
    public static IEnumerable<Category> Members(this CategorySet set) =>
        Enum.GetValues<Category>().Where(c => set.Has(c));
}
