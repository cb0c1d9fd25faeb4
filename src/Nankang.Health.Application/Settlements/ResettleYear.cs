using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>Per-fund totals of a year, as booked (with every adjustment) and as re-settled, and what changed.</summary>
public sealed record ResettlementTotals(
    int Claims, int MemberYears, int ChangedClaims, NetAmounts Booked, NetAmounts Resettled, int AdjustmentsWritten, int MemberYearsSkipped)
{
    public NetAmounts Difference => Resettled - Booked;
}

/// <summary>A what-if policy as given to <c>nankang resettle --policy</c>: the parsed policy and the file's text, which is stored when written.</summary>
public sealed record WhatIfPolicy(SettlementPolicy Policy, string Json)
{
    public string Version => Policy.Version;

    public static WhatIfPolicy Parse(string json, string source) => new(PolicyLoader.Parse(json, source), json);
}

/// <summary>
/// Re-settles every active settlement of a year, member-year by member-year in booking order, with a given policy (a what-if)
/// or with the policy each was booked under, and totals the funds as booked and as re-settled: the budget impact of a
/// policy change. Streams the ledger (ordered by member, year, seq; no tracking), so memory stays bounded whatever the
/// number of claims: one member-year and one write batch (the adjustments are summed per settlement by the database).
/// With <c>write</c>, each changed settlement gets an adjustment ledger entry (the difference per fund and in patientPays)
/// and the member-year's accumulators become those of the re-settled chain, in transactions that lock the member-years
/// they touch, as voids do; a member-year whose settlements changed since they were read is left alone and counted.
/// A written run also records on every member-year it re-settled which policy its settlements now stand under (the
/// what-if, or null for each one's booked policy) and stores the what-if policy's text, so that a later void re-settles
/// them under the same policy (<see cref="PolicyInForce"/>). A what-if written under the version of a built-in policy, or
/// of a stored one with another text, is refused: one version names one policy.
/// </summary>
public sealed class ResettleYear(Func<IHealthStore> openStore, PolicySet booked, WhatIfPolicy? whatIf, TimeProvider clock)
{
    public const int WriteBatch = 2_000;

    public async Task<ResettlementTotals> RunAsync(int year, bool write, Action<int>? progress, CancellationToken ct)
    {
        if (write && whatIf is not null)
        {
            await StorePolicyAsync(whatIf, ct);
        }

        await using var read = openStore();
        // Each settlement's net: as booked plus the year's adjustments of it (by voids, by written re-settlements), summed
        // by the database, so nothing here grows with the number of adjusted settlements.
        var adjustments = read.LedgerEntries
            .Where(e => e.Year == year && e.Kind == LedgerEntryKind.Adjustment)
            .GroupBy(e => e.SettlementId)
            .SumColumns();
        var rows = read.Settlements.AsNoTracking()
            .Where(s => s.Year == year && !read.Voids.Any(v => v.SettlementId == s.Id))
            .LeftJoin(adjustments, s => s.Id, a => a.Key, (s, a) => new { s, a })
            .OrderBy(x => x.s.MemberId).ThenBy(x => x.s.Year).ThenBy(x => x.s.Seq)
            .SelectWithNet(
                (x, net) => new Booked(
                    x.s.Seq, x.s.Id, x.s.MemberId, x.s.HospitalId, x.s.Categories, x.s.HospitalLevel, x.s.HospitalRegion, x.s.HospitalDesignated,
                    x.s.DischargedOn, x.s.Referred, x.s.InsuranceApplicable, x.s.FeesJson, x.s.PolicyVersion, net),
                x => x.s,
                x => x.a)
            .AsAsyncEnumerable();

        var state = new State(year, write);
        var group = new List<Booked>();
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (group.Count > 0 && group[0].MemberId != row.MemberId)
            {
                await SettleGroupAsync(state, group, ct);
                progress?.Invoke(group.Count);
                group.Clear();
            }

            group.Add(row);
        }

        if (group.Count > 0)
        {
            await SettleGroupAsync(state, group, ct);
            progress?.Invoke(group.Count);
        }

        await FlushAsync(state, ct);
        return new ResettlementTotals(state.Claims, state.MemberYears, state.Changed, state.Booked, state.Resettled, state.Written, state.Skipped);
    }

    private async Task SettleGroupAsync(State state, List<Booked> group, CancellationToken ct)
    {
        var chain = new ChainEntry[group.Count];
        for (var i = 0; i < chain.Length; i++)
        {
            var b = group[i];
            var claim = SettleClaimHandler.CapturedClaim(
                b.Categories, new HospitalProfile(b.Level, b.Region, b.Designated), b.DischargedOn, b.Referred, b.InsuranceApplicable, b.FeesJson);
            var policy = whatIf?.Policy ?? booked.Version(b.PolicyVersion)
                ?? throw new InvalidOperationException($"Policy {b.PolicyVersion} of settlement {b.Id} is not loaded.");
            chain[i] = new ChainEntry(claim, policy);
        }

        var results = YearChain.Settle(chain);
        state.MemberYears++;
        var differences = new List<(Booked Row, NetAmounts Difference)>();
        for (var i = 0; i < results.Count; i++)
        {
            var b = group[i];
            var a = b.Amounts;
            var net = new NetAmounts(FundPayments.Of(f => new Money(a[(int)f])), new Money(a[Funds.All.Count]));
            var now = NetAmounts.Of(results[i]);
            state.Claims++;
            state.Booked += net;
            state.Resettled += now;
            if (now != net)
            {
                state.Changed++;
                differences.Add((b, now - net));
            }
        }

        if (state.Write)
        {
            // Every member-year, changed or not: each records the policy its settlements now stand under.
            state.Pending.Add(new PendingWrite(group[0].MemberId, group.Count, group[^1].Seq, differences, results[^1].After));
            if (state.Pending.Count >= WriteBatch)
            {
                await FlushAsync(state, ct);
            }
        }
    }

    /// <summary>Writes the pending member-years' adjustments and accumulators in one transaction that locks them all.</summary>
    private async Task FlushAsync(State state, CancellationToken ct)
    {
        if (state.Pending.Count == 0)
        {
            return;
        }

        await using var store = openStore();
        var memberIds = state.Pending.Select(p => p.MemberId).ToList();
        await using var tx = await store.BeginWriteAsync([.. memberIds.Select(m => (m, state.Year))], ct);
        var accumulators = await store.Accumulators.AsNoTracking().Where(a => a.Year == state.Year && memberIds.Contains(a.MemberId)).ToDictionaryAsync(a => a.MemberId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var cause = $"resettle:{whatIf?.Version ?? "booked"}";
        var version = whatIf?.Version;
        var entries = new List<LedgerEntryRow>();
        var changed = new List<AccumulatorRow>();
        foreach (var p in state.Pending)
        {
            if (!accumulators.TryGetValue(p.MemberId, out var acc) || acc.ClaimCount != p.Claims)
            {
                // A settlement or a void of this member-year came in after it was read: leave it to the next run.
                state.Skipped++;
                continue;
            }

            foreach (var (row, difference) in p.Differences)
            {
                entries.Add(SettlementViews.Entry(
                    LedgerEntryKind.Adjustment, row.Id, row.HospitalId, row.MemberId, state.Year, difference, now, "cli:resettle", cause));
                state.Written++;
            }

            var through = version is null ? null : (long?)p.ThroughSeq;
            if (p.Differences.Count > 0 || acc.PolicyVersion != version || acc.PolicyThroughSeq != through)
            {
                AccumulatorStore.Write(acc, p.After, now);
                acc.PolicyVersion = version;
                acc.PolicyThroughSeq = through;
                changed.Add(acc);
            }
        }

        // Without change tracking, through the settle path's row writer.
        await store.InsertAsync(entries, ct);
        await store.UpdateAsync(changed, ct);
        await tx.CommitAsync(ct);
        state.Pending.Clear();
    }

    /// <summary>Stores the what-if's text under its version, once; refuses a version that already names another policy.</summary>
    private async Task StorePolicyAsync(WhatIfPolicy policy, CancellationToken ct)
    {
        if (booked.Version(policy.Version) is not null)
        {
            throw new PolicyException($"version: {policy.Version} is a built-in policy; give the what-if a version of its own to write it");
        }

        if (policy.Version.Length > 64)
        {
            throw new PolicyException($"version: at most 64 characters to write it, not {policy.Version.Length}");
        }

        await using var store = openStore();
        await using var tx = await store.BeginWriteAsync(ct);
        var stored = await store.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Version == policy.Version, ct);
        if (stored is not null)
        {
            if (stored.Json != policy.Json)
            {
                throw new PolicyException($"version: {policy.Version} was written before with another text; give this what-if a new version");
            }

            return;
        }

        store.Policies.Add(new StoredPolicyRow { Version = policy.Version, Json = policy.Json, StoredAt = clock.GetUtcNow().UtcDateTime, StoredBy = "cli:resettle" });
        await store.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private sealed record Booked(
        long Seq, string Id, string MemberId, string HospitalId, CategorySet Categories, int Level, Region Region, bool Designated,
        DateOnly DischargedOn, bool Referred, bool InsuranceApplicable, string FeesJson, string PolicyVersion, long[] Amounts);

    private sealed record PendingWrite(string MemberId, int Claims, long ThroughSeq, List<(Booked Row, NetAmounts Difference)> Differences, Accumulators After);

    private sealed class State(int year, bool write)
    {
        public int Year { get; } = year;

        public bool Write { get; } = write;

        public int Claims { get; set; }

        public int MemberYears { get; set; }

        public int Changed { get; set; }

        public int Written { get; set; }

        public int Skipped { get; set; }

        public NetAmounts Booked { get; set; }

        public NetAmounts Resettled { get; set; }

        public List<PendingWrite> Pending { get; } = [];
    }
}
