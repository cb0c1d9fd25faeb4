using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement;

/// <summary>A claim of a member-year in booking order, with the policy it was settled under.</summary>
public sealed record ChainEntry(Claim Claim, SettlementPolicy Policy);

/// <summary>The adjustment a void books on a later claim: its new settlement and the difference from its current net.</summary>
public readonly record struct ChainAdjustment(int Index, SettlementResult Resettled, NetAmounts Difference);

/// <summary>What voiding a claim books: the reversal of its net amounts, the adjustments of later claims, the new accumulators.</summary>
public sealed record VoidOutcome(NetAmounts Reversal, IReadOnlyList<ChainAdjustment> Adjustments, Accumulators Accumulators);

/// <summary>§5–§6 over a member's year: settle claims in booking order, and void one with re-adjudication of the later ones.</summary>
public static class YearChain
{
    /// <summary>Settles every claim on top of the ones before it, in order.</summary>
    public static IReadOnlyList<SettlementResult> Settle(IReadOnlyList<ChainEntry> entries, Accumulators start = default)
    {
        var results = new SettlementResult[entries.Count];
        var acc = start;
        for (var i = 0; i < entries.Count; i++)
        {
            results[i] = SettlementEngine.Settle(entries[i].Claim, entries[i].Policy, acc);
            acc = results[i].After;
        }

        return results;
    }

    /// <summary>The accumulators after settling every claim in order.</summary>
    public static Accumulators Accumulate(IReadOnlyList<ChainEntry> entries) =>
        entries.Count == 0 ? Accumulators.Empty : Settle(entries)[^1].After;

    /// <summary>
    /// Voids <paramref name="active"/>[<paramref name="voidIndex"/>]. <paramref name="currentNet"/> holds each active claim's
    /// effective amounts (as settled plus earlier adjustments). Later claims are re-settled with their captured inputs on top of
    /// the claims before the voided one; each gets the difference as an adjustment (zero differences are left out).
    /// </summary>
    public static VoidOutcome Void(IReadOnlyList<ChainEntry> active, IReadOnlyList<NetAmounts> currentNet, int voidIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(voidIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(voidIndex, active.Count);
        if (currentNet.Count != active.Count)
        {
            throw new ArgumentException("One net amount is needed per active claim.", nameof(currentNet));
        }

        var acc = Accumulators.Empty;
        for (var i = 0; i < voidIndex; i++)
        {
            acc = SettlementEngine.Settle(active[i].Claim, active[i].Policy, acc).After;
        }

        var adjustments = new List<ChainAdjustment>();
        for (var i = voidIndex + 1; i < active.Count; i++)
        {
            var resettled = SettlementEngine.Settle(active[i].Claim, active[i].Policy, acc);
            acc = resettled.After;
            var difference = NetAmounts.Of(resettled) - currentNet[i];
            if (!difference.IsZero)
            {
                adjustments.Add(new ChainAdjustment(i, resettled, difference));
            }
        }

        return new VoidOutcome(-currentNet[voidIndex], adjustments, acc);
    }
}
