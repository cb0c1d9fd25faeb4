using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nankang.Health.Cli;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.LoadGen;

/// <summary>What the independent verification found; every count but <see cref="Found"/> must be zero.</summary>
public sealed record VerificationReport(
    int Found, int Missing, int Duplicates, int ConservationViolations, int PaymentMismatches, int AccumulatorMismatches, int Members, TimeSpan Elapsed,
    int Acknowledged = 0, int AcknowledgedLost = 0, int AcknowledgedChanged = 0)
{
    public bool Ok => Missing == 0 && Duplicates == 0 && ConservationViolations == 0 && PaymentMismatches == 0 && AccumulatorMismatches == 0
        && AcknowledgedLost == 0 && AcknowledgedChanged == 0;
}

/// <summary>
/// Checks a replay without trusting the server's totals: reads every settlement back through the list API and checks
/// that it conserves money (totalCost = Σ payments + patientPays, nothing negative); settles each member's claims again
/// with the core (<see cref="YearChain"/>) in the order the server booked them (the position each settlement reports in its
/// accumulators' claim count) from the generator's own data; and compares each payment and every member's
/// <c>GET accumulators</c> with that recomputation. Given an acknowledgement log's acks, also checks that every acknowledged
/// settlement is listed with the acknowledged id and amounts (a re-send's 200 must repeat the first 201).
/// </summary>
public sealed class Verifier(HttpClient http, Options options, TextWriter output, TextWriter progress)
{
    public async Task<VerificationReport> VerifyAsync(
        County county, IReadOnlyList<Resident> members, CancellationToken ct, IReadOnlyDictionary<string, List<Ack>>? acks = null)
    {
        var started = Stopwatch.GetTimestamp();
        var ours = county.Admissions.ToDictionary(a => (a.Hospital.Id, a.VisitNo));
        var seen = new Dictionary<(string, string), Listed>();
        var duplicates = 0;
        var conservation = 0;
        using (var bar = new ProgressBar(progress, "list", county.Admissions.Count))
        {
            var pages = await Task.WhenAll(county.Hospitals.Select(h => ListAsync(h.Id, county.Year, ours, bar, ct)));
            foreach (var listed in pages.SelectMany(p => p))
            {
                if (!ours.ContainsKey((listed.HospitalId, listed.VisitNo)))
                {
                    continue;
                }

                if (!seen.TryAdd((listed.HospitalId, listed.VisitNo), listed))
                {
                    duplicates++;
                }

                if (listed.TotalCost != listed.Payments.Sum() + listed.PatientPays || listed.Payments.Any(p => p < 0) || listed.PatientPays < 0)
                {
                    conservation++;
                }
            }
        }

        var missing = ours.Count - seen.Count;
        var mismatches = 0;
        var expected = new Dictionary<string, Accumulators>();
        foreach (var member in county.Admissions.GroupBy(a => a.Member.MemberId))
        {
            var booked = member.Where(a => seen.ContainsKey((a.Hospital.Id, a.VisitNo)))
                .Select(a => (Admission: a, Listed: seen[(a.Hospital.Id, a.VisitNo)]))
                .OrderBy(x => x.Listed.Position)
                .ToList();
            if (booked.Select(x => x.Listed.Position).Distinct().Count() != booked.Count)
            {
                mismatches += booked.Count;
                continue;
            }

            var chain = booked.Select(x => new ChainEntry(x.Admission.Claim, PolicySet.Default.For(x.Admission.DischargedOn)!)).ToList();
            var results = YearChain.Settle(chain);
            for (var i = 0; i < results.Count; i++)
            {
                var p = results[i].Payments;
                long[] recomputed = [p.BasicInsurance.Fen, p.SeriousIllnessInsurance.Fen, p.SupplementaryInsurance.Fen, p.MedicalAssistance.Fen,
                    p.SpecialReliefTopUp.Fen, p.SpecialReliefHighCost.Fen];
                if (!recomputed.SequenceEqual(booked[i].Listed.Payments) || results[i].PatientPays.Fen != booked[i].Listed.PatientPays)
                {
                    mismatches++;
                }
            }

            expected[member.Key] = results.Count == 0 ? Accumulators.Empty : results[^1].After;
        }

        var accumulatorMismatches = 0;
        using (var bar = new ProgressBar(progress, "accumulators", members.Count))
        {
            await Concurrency.ForEachAsync(members.Count, options.Clients, async i =>
            {
                var m = members[i];
                var actual = await AccumulatorsAsync(m.MemberId, county.Year, ct);
                if (actual != expected.GetValueOrDefault(m.MemberId))
                {
                    Interlocked.Increment(ref accumulatorMismatches);
                }

                bar.Advance();
            }, ct);
        }

        var (acknowledged, lost, changed) = (0, 0, 0);
        if (acks is not null)
        {
            foreach (var a in county.Admissions)
            {
                if (!acks.TryGetValue(a.IdempotencyKey(options.EffectiveRunId), out var answers))
                {
                    continue;
                }

                acknowledged++;
                if (!seen.TryGetValue((a.Hospital.Id, a.VisitNo), out var listed))
                {
                    lost++;
                    progress.WriteLine($"verify: acknowledged {answers[0]} of {a.Hospital.Id}/{a.VisitNo} is not listed (LOST)");
                }
                else if (answers.FirstOrDefault(x => !x.SameAs(listed.Ack with { Key = x.Key, Status = x.Status })) is { } other)
                {
                    changed++;
                    progress.WriteLine($"verify: acknowledged {other} of {a.Hospital.Id}/{a.VisitNo}, listed {listed.Ack} (CHANGED)");
                }
            }
        }

        var report = new VerificationReport(
            seen.Count, missing, duplicates, conservation, mismatches, accumulatorMismatches, members.Count, Stopwatch.GetElapsedTime(started), acknowledged, lost, changed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verify: {report.Found:N0} settlements read back, missing {report.Missing}, duplicated {report.Duplicates}, conservation violations {report.ConservationViolations}, payments unlike the core's recomputation {report.PaymentMismatches}, members whose accumulators differ {report.AccumulatorMismatches} of {report.Members:N0}{(acks is null ? string.Empty : $"; acknowledged {acknowledged:N0}, lost {lost}, changed {changed}")}; {report.Elapsed.TotalSeconds:F1} s → {(report.Ok ? "OK" : "FAILED")}"));
        return report;
    }

    private async Task<List<Listed>> ListAsync(
        string hospitalId, int year, IReadOnlyDictionary<(string, string), Admission> ours, ProgressBar bar, CancellationToken ct)
    {
        const int PageSize = 500;
        var all = new List<Listed>();
        for (var page = 1; ; page++)
        {
            using var doc = await GetAsync($"/api/v1/settlements?hospitalId={hospitalId}&from={year}-01-01&to={year}-12-31&page={page}&pageSize={PageSize}", ct);
            var items = doc.RootElement.GetProperty("items");
            foreach (var item in items.EnumerateArray())
            {
                all.Add(new Listed(
                    item.GetProperty("hospitalId").GetString()!,
                    item.GetProperty("visitNo").GetString()!,
                    Ack.FromJson(string.Empty, 0, item),
                    item.GetProperty("accumulators").GetProperty("claimCount").GetInt32()));
                if (ours.ContainsKey((all[^1].HospitalId, all[^1].VisitNo)))
                {
                    // The bar counts this run's settlements; another run's in the same database are listed too.
                    bar.Advance();
                }
            }

            if (items.GetArrayLength() < PageSize)
            {
                return all;
            }
        }
    }

    private async Task<Accumulators> AccumulatorsAsync(string memberId, int year, CancellationToken ct)
    {
        using var doc = await GetAsync($"/api/v1/members/{memberId}/accumulators/{year}", ct);
        var a = doc.RootElement;
        Money M(string name) => new(Fen(a.GetProperty(name)));
        return new Accumulators(
            a.GetProperty("claimCount").GetInt32(), M("basicPaid"), M("seriousIllnessBase"), M("seriousIllnessPaid"), M("supplementaryPaid"),
            M("assistancePaid"), M("selfPayAfterTopUp"), M("highCostReliefPaid"));
    }

    private async Task<JsonDocument> GetAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", options.Key);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new RunFailedException($"GET {path} answered {(int)response.StatusCode}: {Commands.OneLine(await response.Content.ReadAsStringAsync(ct))}");
        }

        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
    }

    private static long Fen(JsonElement e) => Ack.Fen(e);

    /// <summary>A settlement as listed; <see cref="Position"/> is its place in the member-year's booking order (claim count after it).</summary>
    private sealed record Listed(string HospitalId, string VisitNo, Ack Ack, int Position)
    {
        public long TotalCost => Ack.TotalCost;

        public long[] Payments => Ack.Payments;

        public long PatientPays => Ack.PatientPays;
    }
}
