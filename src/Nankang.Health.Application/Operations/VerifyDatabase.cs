using System.Security.Cryptography;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Operations;

/// <summary>
/// One check of <see cref="VerifyDatabase"/>: its name, how many rows it looked at, how many failed, and the first
/// <see cref="VerifyDatabase.ListedFailures"/> failures, each naming the row by id.
/// </summary>
public sealed record VerifyCheck(string Name, long Checked, int Failed, IReadOnlyList<string> Failures)
{
    public bool Passed => Failed == 0;

    public static VerifyCheck Of(string name, long rows, IReadOnlyCollection<string> failures) =>
        new(name, rows, failures.Count, [.. failures.Take(VerifyDatabase.ListedFailures)]);
}

/// <summary>The outcome of <c>nankang verify</c>: every check, passed or not.</summary>
public sealed record VerifyReport(IReadOnlyList<VerifyCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>One line per check (<c>ok</c> or <c>FAIL</c>), then one indented line per failure. Ids only, never personal data.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (var check in Checks)
        {
            yield return $"{(check.Passed ? "ok  " : "FAIL")} {check.Name}: {check.Checked:N0} checked{(check.Passed ? string.Empty : $", {check.Failed:N0} failed")}";
            foreach (var failure in check.Failures)
            {
                yield return $"       {failure}";
            }

            if (check.Failed > check.Failures.Count)
            {
                yield return $"       ... and {check.Failed - check.Failures.Count:N0} more";
            }
        }

        yield return Passed ? "verify: passed" : "verify: FAILED";
    }
}

/// <summary>The append-only triggers a database must hold (the SQL of each provider lives in Persistence).</summary>
public interface IAppendOnlyTriggers
{
    /// <summary>How many triggers were expected, and the names of those missing.</summary>
    Task<(int Expected, IReadOnlyList<string> Missing)> MissingAsync(CancellationToken ct);
}

/// <summary>
/// Checks a database as a restore or an audit needs it checked, reading only: every settlement conserves its total cost
/// and its ledger entries agree with it (a settlement entry equal to the row, a reversal of the whole total, adjustments
/// that move money between the lines and the patient only, a voided settlement netting to zero on every line), every
/// member-year's accumulators equal the sums of its ledger entries and its count of active settlements, every closed
/// month's frozen statement equals one recomputed from the ledger now, the append-only triggers are present, and every
/// member's national ID and name decrypt under the configured keys and match their lookup hash and mask.
/// </summary>
/// <remarks>
/// The accumulators' serious-illness base and self-pay-after-top-up are not ledger amounts and are not checked here (a
/// re-settlement of the year, <c>nankang resettle</c>, recomputes them). Failures name ids, never a national ID or name.
/// </remarks>
public sealed class VerifyDatabase(IHealthStore store, IAppendOnlyTriggers triggers, PersonalDataProtector protector, PolicySet policies)
{
    /// <summary>How many failing ids a check lists; the count of failures is always whole.</summary>
    public const int ListedFailures = 20;

    public async Task<VerifyReport> RunAsync(CancellationToken ct) => new(
    [
        await ConservationAsync(ct),
        await LedgerAsync(ct),
        await AccumulatorsAsync(ct),
        await StatementsAsync(ct),
        await TriggersAsync(ct),
        await PersonalDataAsync(ct),
    ]);

    /// <summary>Each settlement: total = Σ fund payments + patient pays, total = in-scope + pre-self-pay + out-of-scope + over-limit, nothing negative.</summary>
    private async Task<VerifyCheck> ConservationAsync(CancellationToken ct)
    {
        var settlements = store.Settlements.AsNoTracking();
        var count = await settlements.LongCountAsync(ct);
        var failed = await settlements
            .WhereAmounts(s => s.TotalCost != s.Net() || s.TotalCost != s.InScope + s.PreSelfPay + s.OutOfScope + s.OverLimit
                || s.TotalCost <= 0 || s.AnyAmount(a => a < 0))
            .OrderBy(s => s.Seq)
            .Select(s => s.Id)
            .ToListAsync(ct);
        return VerifyCheck.Of("conservation", count, [.. failed.Select(id => $"settlement {id}: total cost is not the sum of its payments and patient pays, or an amount is negative")]);
    }

    /// <summary>
    /// Each ledger entry against its settlement, and each settlement's entries together: one settlement entry equal to the
    /// row, a reversal exactly when voided, a net of the total cost (active) or zero on every line (voided).
    /// </summary>
    private async Task<VerifyCheck> LedgerAsync(CancellationToken ct)
    {
        const LedgerEntryKind Booked = LedgerEntryKind.Settlement, Reversal = LedgerEntryKind.Reversal, Adjustment = LedgerEntryKind.Adjustment;
        var entries = store.LedgerEntries.AsNoTracking();
        var count = await entries.LongCountAsync(ct);
        var failures = new List<string>();

        var orphans = await entries.Where(e => !store.Settlements.Any(s => s.Id == e.SettlementId)).Select(e => e.Seq).OrderBy(s => s).ToListAsync(ct);
        failures.AddRange(orphans.Select(seq => $"ledger entry {seq}: its settlement does not exist"));

        // Entry by entry: what each kind must sum to (funds + patient pays), and a settlement entry equal to its row.
        var wrong = await entries
            .Join(store.Settlements, e => e.SettlementId, s => s.Id, (e, s) => new { e, s })
            .WhereAmounts(x => (x.e.Kind == Booked && (!x.e.SameAmounts(x.s)
                    || x.e.MemberId != x.s.MemberId || x.e.Year != x.s.Year || x.e.HospitalId != x.s.HospitalId))
                || (x.e.Kind == Reversal && x.e.Net() != -x.s.TotalCost)
                || (x.e.Kind == Adjustment && x.e.Net() != 0))
            .OrderBy(x => x.e.Seq)
            .Select(x => new { x.e.Seq, x.e.Kind, x.s.Id })
            .ToListAsync(ct);
        failures.AddRange(wrong.Select(w => $"ledger entry {w.Seq} ({w.Kind}) of settlement {w.Id}: " + w.Kind switch
        {
            Booked => "differs from the settlement's amounts",
            Reversal => "does not reverse the settlement's total cost",
            _ => "does not net to zero (an adjustment moves money, it does not add any)",
        }));

        // Settlement by settlement: its entries together.
        var unbalanced = await store.Settlements.AsNoTracking()
            .SelectAmounts(s => new
            {
                s.Seq,
                s.Id,
                s.TotalCost,
                Voided = store.Voids.Any(v => v.SettlementId == s.Id),
                Booked = store.LedgerEntries.Count(e => e.SettlementId == s.Id && e.Kind == Booked),
                Reversed = store.LedgerEntries.Count(e => e.SettlementId == s.Id && e.Kind == Reversal),
                Net = store.LedgerEntries.Where(e => e.SettlementId == s.Id).Sum(e => e.Net()),
            })
            .Where(x => x.Booked != 1 || x.Reversed != (x.Voided ? 1 : 0) || x.Net != (x.Voided ? 0 : x.TotalCost))
            .OrderBy(x => x.Seq)
            .ToListAsync(ct);
        failures.AddRange(unbalanced.Select(u => $"settlement {u.Id}: {u.Booked} settlement entries, {u.Reversed} reversals ({(u.Voided ? "voided" : "active")}), net {u.Net} fen against {(u.Voided ? 0 : u.TotalCost)}"));

        // A voided settlement nets to zero on every line, not only in total.
        var voidedNonZero = await store.LedgerEntries.AsNoTracking()
            .Where(e => store.Voids.Any(v => v.SettlementId == e.SettlementId))
            .GroupBy(e => e.SettlementId)
            .WhereAmounts(g => g.AnyAmountSum(a => a != 0))
            .Select(g => g.Key)
            .ToListAsync(ct);
        failures.AddRange(voidedNonZero.Order(StringComparer.Ordinal).Select(id => $"settlement {id}: voided, but its entries do not net to zero on every line"));
        return VerifyCheck.Of("ledger", count, failures);
    }

    /// <summary>Each member-year: the paid accumulators equal the sums of its ledger entries; the claim count its active settlements.</summary>
    private async Task<VerifyCheck> AccumulatorsAsync(CancellationToken ct)
    {
        var stored = await store.Accumulators.AsNoTracking().ToListAsync(ct);
        var sums = await store.LedgerEntries.AsNoTracking()
            .GroupBy(e => new { e.MemberId, e.Year })
            .SumAmounts()
            .ToListAsync(ct);
        var active = await store.Settlements.AsNoTracking()
            .Where(s => !store.Voids.Any(v => v.SettlementId == s.Id))
            .GroupBy(s => new { s.MemberId, s.Year })
            .Select(g => new { g.Key.MemberId, g.Key.Year, Count = g.Count() })
            .ToListAsync(ct);
        var ledger = sums.ToDictionary(s => (s.Key.MemberId, s.Key.Year), s => s.Payments);
        var counts = active.ToDictionary(a => (a.MemberId, a.Year), a => a.Count);
        var failures = new List<string>();
        foreach (var row in stored.OrderBy(r => r.MemberId, StringComparer.Ordinal).ThenBy(r => r.Year))
        {
            var key = (row.MemberId, row.Year);
            var sum = ledger.GetValueOrDefault(key);
            long[] expected = [counts.GetValueOrDefault(key), sum.BasicInsurance.Fen, sum.SeriousIllnessInsurance.Fen, sum.SupplementaryInsurance.Fen,
                sum.MedicalAssistance.Fen, sum.SpecialReliefHighCost.Fen];
            long[] actual = [row.ClaimCount, row.BasicPaid, row.SeriousIllnessPaid, row.SupplementaryPaid, row.AssistancePaid, row.HighCostReliefPaid];
            string[] names = ["claim count", "basic paid", "serious-illness paid", "supplementary paid", "assistance paid", "high-cost relief paid"];
            var differ = names.Where((_, i) => expected[i] != actual[i]).ToList();
            if (differ.Count > 0)
            {
                failures.Add($"member {row.MemberId} year {row.Year}: {string.Join(", ", differ)} differ from the ledger");
            }
        }

        var storedKeys = stored.Select(r => (r.MemberId, r.Year)).ToHashSet();
        failures.AddRange(counts.Keys.Where(k => !storedKeys.Contains(k)).Order()
            .Select(k => $"member {k.MemberId} year {k.Year}: settlements but no accumulators"));
        return VerifyCheck.Of("accumulators", stored.Count, failures);
    }

    /// <summary>Each closed month: its frozen lines (counts and fen per payee, line and kind) equal the statement recomputed from the ledger.</summary>
    private async Task<VerifyCheck> StatementsAsync(CancellationToken ct)
    {
        var closures = await store.StatementClosures.AsNoTracking().OrderBy(c => c.Month).ToListAsync(ct);
        var failures = new List<string>();
        foreach (var closure in closures)
        {
            if (!StatementMonth.TryParse(closure.Month, out var month))
            {
                failures.Add($"month {closure.Month}: not a month");
                continue;
            }

            var policy = MonthStatements.PolicyOf(policies, month);
            var frozen = Cells(await MonthStatements.LoadClosedAsync(store, policy, closure, null, ct));
            var now = Cells(await MonthStatements.ComputeAsync(store, policy, month, null, ct));
            var differ = frozen.Except(now).Concat(now.Except(frozen)).Select(c => c.Split(' ')[0]).Distinct().ToList();
            if (differ.Count > 0)
            {
                failures.Add($"month {closure.Month}: the stored statement differs from the ledger ({string.Join(", ", differ.Take(5))})");
            }
        }

        return VerifyCheck.Of("statements", closures.Count, failures);

        // Names are left out: a hospital renamed after the close keeps its frozen name, and that is no discrepancy.
        static HashSet<string> Cells(StatementView statement) =>
        [
            .. statement.Payees.SelectMany(p => p.Lines.Select(l =>
                $"{p.Payee}/{l.Line} {l.Settlements.Count}:{l.Settlements.Amount.Fen} {l.Reversals.Count}:{l.Reversals.Amount.Fen} {l.Adjustments.Count}:{l.Adjustments.Amount.Fen}")),
        ];
    }

    private async Task<VerifyCheck> TriggersAsync(CancellationToken ct)
    {
        var (expected, missing) = await triggers.MissingAsync(ct);
        return VerifyCheck.Of("append-only triggers", expected, [.. missing.Select(name => $"trigger {name} is missing")]);
    }

    /// <summary>Each member: national ID and name decrypt under the configured keys; the lookup hash and the mask match the ID.</summary>
    private async Task<VerifyCheck> PersonalDataAsync(CancellationToken ct)
    {
        var failures = new List<string>();
        var count = 0L;
        await foreach (var member in store.Members.AsNoTracking().OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.NationalIdCipher, m.NameCipher, m.NationalIdLookup, m.NationalIdMasked }).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            try
            {
                var nationalId = protector.Unprotect(member.NationalIdCipher);
                _ = protector.Unprotect(member.NameCipher);
                if (!protector.LookupHashes(nationalId).Contains(member.NationalIdLookup, StringComparer.Ordinal)
                    || member.NationalIdMasked != NationalId.Mask(nationalId))
                {
                    failures.Add($"member {member.Id}: the lookup hash or the mask does not match the national ID");
                }
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                failures.Add($"member {member.Id}: {e.Message}");
            }
        }

        return VerifyCheck.Of("personal data", count, failures);
    }
}
