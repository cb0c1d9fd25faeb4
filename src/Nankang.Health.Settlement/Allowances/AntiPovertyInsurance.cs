using System.Collections.Immutable;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement.Allowances;

/// <summary>
/// §7a anti-poverty liability insurance for marginal households (防贫保): the payout P(S) on a member-year's self-pay S
/// above the warning line, slice by slice, up to the cap. Pure: S is summed by the caller from the year's ledger.
/// </summary>
public static class AntiPovertyInsurance
{
    /// <summary>Whether a settlement qualifies: its member is, on the discharge day, in a covered category and not poor.</summary>
    public static bool Covers(CategorySet categoriesOnDischarge, AntiPovertyInsurancePolicy policy) =>
        !categoriesOnDischarge.IsPoor() && policy.CoveredCategories.Any(c => categoriesOnDischarge.Has(c));

    /// <summary>On the warning list (防贫预警名单): S strictly above the warning line W.</summary>
    public static bool Warns(Money selfPay, AntiPovertyInsurancePolicy policy) => selfPay > policy.WarningLine;

    /// <summary>The slices of P(S): each slice's rate × the part of S inside it, rounded to the fen on its own.</summary>
    public static ImmutableArray<Money> Slices(Money selfPay, AntiPovertyInsurancePolicy policy)
    {
        var slices = ImmutableArray.CreateBuilder<Money>(policy.Slices.Length);
        foreach (var slice in policy.Slices)
        {
            var top = slice.To is { } to ? Money.Min(selfPay, to) : selfPay;        // the slice's upper edge, or S if S ends inside it
            var part = (top - slice.From).PositivePart;                              // the part of S inside (From, To]; 0 below From
            slices.Add(part.Percent(slice.Rate));                                    // rate × part, half away from zero to the fen
        }

        return slices.MoveToImmutable();
    }

    /// <summary>P(S): 0 at or below the line; otherwise the sum of the rounded slices, at most the annual cap.</summary>
    public static Money Payout(Money selfPay, AntiPovertyInsurancePolicy policy)
    {
        if (!Warns(selfPay, policy))
        {
            return Money.Zero;                                                       // S ≤ W: nothing is owed
        }

        var sum = Money.Zero;
        foreach (var slice in Slices(selfPay, policy))
        {
            sum += slice;                                                            // Σ rounded slices (checked addition)
        }

        return Money.Min(sum, policy.AnnualCap);                                     // min(Σ, cap per member-year)
    }

    /// <summary>What a run books for an approved member-year: P(S) less what is booked (negative = a recovery).</summary>
    public static Money Due(Money payout, Money alreadyBooked) => payout - alreadyBooked;
}
