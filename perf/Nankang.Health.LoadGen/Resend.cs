using System.Globalization;
using Nankang.Health.Cli;

namespace Nankang.Health.LoadGen;

/// <summary>What a re-send did: the log's requests, those acknowledged before, those re-sent and what they answered.</summary>
public sealed record ResendReport(int Sent, int AcknowledgedBefore, int Resent, int Created, int Replayed, int Unanswered, VerificationReport? Verification)
{
    public bool Ok => Unanswered == 0 && (Verification?.Ok ?? true);
}

/// <summary>
/// <c>resend --ack-log FILE</c>: after a crash, re-sends every request of the log that has no acknowledgement with its
/// original idempotency key and body (spread over the --urls), appending the answers to the log; a request still without a
/// 200/201 is tried again, up to five rounds. Then verifies: every acknowledged settlement present once with the same id
/// and amounts, and the replay's own checks (missing, duplicates, conservation, serial replay, accumulators).
/// </summary>
public sealed class Resender(HttpClient http, Options options, TextWriter output, TextWriter progress)
{
    public async Task<ResendReport> RunAsync(County county, CancellationToken ct = default)
    {
        var path = options.AckLog ?? throw new UsageException("resend needs --ack-log FILE: the log of the replay.");
        if (!File.Exists(path))
        {
            throw new UsageException($"{path} does not exist: give the --ack-log of the replay.");
        }

        var (sent, acks) = AckLog.Read(path);
        // The log must come from this county: the same key is the same visit.
        var byKey = county.Admissions.ToDictionary(a => a.IdempotencyKey(options.EffectiveRunId));
        foreach (var r in sent.Values)
        {
            if (!byKey.TryGetValue(r.Key, out var a) || a.Hospital.Id != r.HospitalId || a.VisitNo != r.VisitNo)
            {
                throw new UsageException($"{path}: request {r.Key} is not of this county: give the replay's --seed, --run-id, --residents, --admissions and --year.");
            }
        }

        var before = sent.Keys.Count(acks.ContainsKey);
        var pending = sent.Values.Where(r => !acks.ContainsKey(r.Key)).OrderBy(r => r.Index).ToList();
        var resent = pending.Count;
        int created = 0, replayed = 0;
        var replayer = new Replayer(http, options, output, progress);
        using (var log = new AckLog(path))
        {
            for (var round = 0; round < 5 && pending.Count > 0; round++)
            {
                var statuses = new int[pending.Count];
                var batch = pending;
                await Concurrency.ForEachAsync(batch.Count, options.Clients, async i =>
                {
                    try
                    {
                        statuses[i] = await replayer.SettleAsync(log, i, batch[i].Key, batch[i].Body, ct);
                    }
                    catch (HttpRequestException)
                    {
                        statuses[i] = 0;
                    }
                }, ct);
                created += statuses.Count(s => s == 201);
                replayed += statuses.Count(s => s == 200);
                pending = [.. batch.Where((_, i) => statuses[i] is not (200 or 201))];
                if (pending.Count > 0)
                {
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"resend: round {round + 1}: {pending.Count} without an acknowledgement ({string.Join(", ", statuses.Where(s => s is not (200 or 201)).GroupBy(s => s).Select(g => $"{g.Key}: {g.Count()}"))})"));
                    await Task.Delay(1000, ct);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"resend: {sent.Count:N0} requests in the log, {before:N0} acknowledged before; re-sent {resent:N0}: 201 {created:N0}, 200 {replayed:N0}, unanswered {pending.Count}"));
        var report = new ResendReport(sent.Count, before, resent, created, replayed, pending.Count, null);
        if (!options.Verify)
        {
            return report;
        }

        var (_, all) = AckLog.Read(path);
        var verification = await new Verifier(http, options, output, progress).VerifyAsync(county, county.AdmittedMembers, ct, all);
        return report with { Verification = verification };
    }
}
