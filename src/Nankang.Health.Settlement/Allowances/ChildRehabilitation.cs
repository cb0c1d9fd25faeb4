using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement.Allowances;

/// <summary>The conditions of §7 rehabilitation aid for disabled children.</summary>
public enum RehabCondition
{
    CerebralPalsy,
    Deafness,
    Autism,
    IntellectualDisability,
}

/// <summary>Why a rehabilitation claim pays nothing.</summary>
public enum RehabRefusal
{
    None,
    NotPoor,
    TooOld,
    MonthLimitReached,
    NoCapForCondition,
}

/// <summary>The outcome of a rehabilitation claim: the amount paid, or why nothing is.</summary>
public readonly record struct RehabDecision(Money Amount, RehabRefusal Refusal, Money Cap)
{
    public bool Paid => Refusal == RehabRefusal.None;

    public string Explain() => Refusal switch
    {
        RehabRefusal.None => $"min(actual cost, monthly cap {Cap}) = {Amount}",
        RehabRefusal.NotPoor => "0.00: the child is not poor on the first day of the month",
        RehabRefusal.TooOld => "0.00: the child is not under the age limit on the first day of the month",
        RehabRefusal.MonthLimitReached => "0.00: the paid months of this calendar year are used up",
        _ => "0.00: no cap is set for this condition",
    };
}

/// <summary>§7 rehabilitation for disabled children (残疾儿童康复救助).</summary>
public static class ChildRehabilitation
{
    /// <summary>
    /// Assesses one child's claim for one service month. The child must be poor and under the age limit on the
    /// first day of the month; at most the policy's paid months per calendar year (<paramref name="paidMonthsThisYear"/>
    /// counts the months already paid); the amount is the month's actual cost up to the condition's cap.
    /// </summary>
    public static RehabDecision Assess(
        DateOnly birthDate,
        int year,
        int month,
        RehabCondition condition,
        Money actualCost,
        IReadOnlyCollection<CategoryPeriod> categories,
        int paidMonthsThisYear,
        ChildRehabilitationPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualCost.Fen, nameof(actualCost));
        var firstDay = new DateOnly(year, month, 1);
        if (!policy.MonthlyCapByCondition.TryGetValue(condition, out var cap))
        {
            return new RehabDecision(Money.Zero, RehabRefusal.NoCapForCondition, Money.Zero);
        }

        if (!CategorySets.On(categories, firstDay).IsPoor())
        {
            return new RehabDecision(Money.Zero, RehabRefusal.NotPoor, cap);
        }

        if (firstDay >= birthDate.AddYears(policy.AgeBelow))
        {
            return new RehabDecision(Money.Zero, RehabRefusal.TooOld, cap);
        }

        if (paidMonthsThisYear >= policy.MaxPaidMonthsPerYear)
        {
            return new RehabDecision(Money.Zero, RehabRefusal.MonthLimitReached, cap);
        }

        return new RehabDecision(Money.Min(actualCost, cap), RehabRefusal.None, cap);
    }
}
