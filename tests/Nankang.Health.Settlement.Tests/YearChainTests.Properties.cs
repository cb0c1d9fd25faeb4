using CsCheck;
using Nankang.Health.Settlement.Tests.Support;

namespace Nankang.Health.Settlement.Tests;

/// <summary>§6 over random member-years: voids and re-bookings always leave what settling the remaining claims from scratch gives.</summary>
public sealed partial class YearChainTests
{
    /// <summary>One step on a year: void the active claim at <c>Pick % count</c>, and maybe book it again at the end.</summary>
    private readonly record struct Step(int Pick, bool Rebook);

    private static readonly Gen<Step> Steps = Gen.Select(Gen.Int[0, 1_000], Gen.Bool, (pick, rebook) => new Step(pick, rebook));

    [Fact]
    public void Void_AnyClaim_AdjustmentsMatchSettlingTheRemainingClaimsFromScratch() =>
        Gen.Select(Generators.Year(), Steps.Array[1, 6], (year, steps) => (year, steps)).Check(
            t =>
            {
                var active = t.year.Entries().ToList();
                var nets = YearChain.Settle(active).Select(r => NetAmounts.Of(r)).ToList();
                foreach (var step in t.steps)
                {
                    if (active.Count == 0)
                    {
                        break;
                    }

                    var k = step.Pick % active.Count;
                    var outcome = YearChain.Void(active, nets, k);

                    // the reversal negates the voided claim's net
                    Assert.Equal(-nets[k], outcome.Reversal);
                    Assert.Equal(NetAmounts.Of(default), nets[k] + outcome.Reversal);

                    foreach (var adjustment in outcome.Adjustments)
                    {
                        Assert.InRange(adjustment.Index, k + 1, active.Count - 1);
                        Assert.False(adjustment.Difference.IsZero);
                        nets[adjustment.Index] += adjustment.Difference;
                        Assert.Equal(NetAmounts.Of(adjustment.Resettled), nets[adjustment.Index]);
                    }

                    var voided = active[k];
                    active.RemoveAt(k);
                    nets.RemoveAt(k);

                    // every remaining claim now nets exactly what settling the remaining claims from scratch gives
                    var fresh = YearChain.Settle(active);
                    Assert.Equal(fresh.Select(r => NetAmounts.Of(r)), nets);
                    Assert.Equal(YearChain.Accumulate(active), outcome.Accumulators);

                    if (step.Rebook)
                    {
                        // booking the voided claim again at the end settles it on the accumulators the void left
                        var rebooked = SettlementEngine.Settle(voided.Claim, voided.Policy, outcome.Accumulators);
                        active.Add(voided);
                        nets.Add(NetAmounts.Of(rebooked));
                        Assert.Equal(YearChain.Accumulate(active), rebooked.After);
                        Assert.Equal(YearChain.Settle(active)[^1], rebooked);
                    }
                }
            },
            t => $"{t.year}\nsteps: {string.Join(", ", t.steps.Select(s => $"void #{s.Pick}{(s.Rebook ? " and rebook" : "")}"))}");

    [Fact]
    public void Void_ThenRebookAtTheEnd_AccumulatorsEqualSettlingTheNewOrder() =>
        Gen.Select(Generators.Year(), Gen.Int[0, 1_000], (year, pick) => (year, pick)).Check(
            t =>
            {
                var entries = t.year.Entries();
                var k = t.pick % entries.Length;
                var outcome = YearChain.Void(entries, [.. YearChain.Settle(entries).Select(r => NetAmounts.Of(r))], k);
                var rebooked = SettlementEngine.Settle(entries[k].Claim, entries[k].Policy, outcome.Accumulators);

                ChainEntry[] newOrder = [.. entries[..k], .. entries[(k + 1)..], entries[k]];
                Assert.Equal(YearChain.Accumulate(newOrder), rebooked.After);
            },
            t => $"{t.year}\nvoid #{t.pick}");
}
