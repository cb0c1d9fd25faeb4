using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement.Allowances;

/// <summary>A bureau certification that a member is long-term bedridden (失能), from and to inclusive; to null = open.</summary>
public readonly record struct CareCertification(string Condition, DateOnly From, DateOnly? To)
{
    public bool Covers(DateOnly day) => From <= day && (To is null || day <= To.Value);
}

/// <summary>What a member is owed for a year, and the months that earn it.</summary>
public sealed record CaregiverEntitlement(int Year, IReadOnlyList<int> Months, Money Amount);

/// <summary>§7 caregiver allowance (失能护理补助): a monthly amount for each qualifying month, up to an annual cap.</summary>
public static class CaregiverAllowance
{
    /// <summary>
    /// A month qualifies when on at least one of its days a certification is active and the member is poor.
    /// The amount is <c>min(months × monthly amount, annual cap)</c>. With <paramref name="through"/> (a run's date in
    /// district time) only the months begun by that day count (docs/settlement-rules.md), so none is paid in advance; a
    /// later run pays it. Without it the whole year counts (the budget's commitment).
    /// </summary>
    public static CaregiverEntitlement Entitlement(
        int year, IReadOnlyCollection<CareCertification> certifications, IReadOnlyCollection<CategoryPeriod> categories, CaregiverPolicy policy,
        DateOnly? through = null)
    {
        var months = new List<int>();
        for (var month = 1; month <= 12 && !(through < new DateOnly(year, month, 1)); month++)
        {
            var first = new DateOnly(year, month, 1);
            for (var day = first; day.Month == month && day.Year == year; day = day.AddDays(1))
            {
                if (certifications.Any(c => c.Covers(day)) && CategorySets.On(categories, day).IsPoor())
                {
                    months.Add(month);
                    break;
                }
            }
        }

        var amount = Money.Min(new Money(checked(policy.MonthlyAmount.Fen * months.Count)), policy.AnnualCap);
        return new CaregiverEntitlement(year, months, amount);
    }

    /// <summary>What a re-run books: the entitlement less what earlier runs paid (negative = a recovery).</summary>
    public static Money Due(CaregiverEntitlement entitlement, Money alreadyPaid) => entitlement.Amount - alreadyPaid;
}
