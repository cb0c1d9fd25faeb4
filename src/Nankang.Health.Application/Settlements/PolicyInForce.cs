using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// The policy a settlement stands under when its member-year is re-settled (by a void): the one it was booked under, unless a
/// written re-settlement put another one in force for the member-year (<see cref="AccumulatorRow.PolicyVersion"/>) up to
/// and including its seq. A policy that is not built in is read from the stored what-if policies.
/// </summary>
public sealed class PolicyInForce
{
    private readonly PolicySet _builtIn;
    private readonly SettlementPolicy? _assigned;
    private readonly long _through;

    private PolicyInForce(PolicySet builtIn, SettlementPolicy? assigned, long through)
    {
        _builtIn = builtIn;
        _assigned = assigned;
        _through = through;
    }

    public static async Task<PolicyInForce> ForMemberYearAsync(IHealthStore store, PolicySet builtIn, AccumulatorRow? accumulators, CancellationToken ct)
    {
        if (accumulators is not { PolicyVersion: { } version, PolicyThroughSeq: { } through })
        {
            return new PolicyInForce(builtIn, null, 0);
        }

        return new PolicyInForce(builtIn, await ResolveAsync(store, builtIn, version, ct), through);
    }

    /// <summary>A built-in policy, or the stored what-if policy of that version.</summary>
    private static async Task<SettlementPolicy> ResolveAsync(IHealthStore store, PolicySet builtIn, string version, CancellationToken ct)
    {
        if (builtIn.Version(version) is { } policy)
        {
            return policy;
        }

        var stored = await store.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Version == version, ct)
            ?? throw new InvalidOperationException($"Policy {version} is neither built in nor stored.");
        return PolicyLoader.Parse(stored.Json, $"stored policy {version}");
    }

    public SettlementPolicy Of(SettlementRow settlement) =>
        _assigned is not null && settlement.Seq <= _through
            ? _assigned
            : _builtIn.Version(settlement.PolicyVersion)
                ?? throw new InvalidOperationException($"Policy {settlement.PolicyVersion} of settlement {settlement.Id} is no longer loaded.");
}
