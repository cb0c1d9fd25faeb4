using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using nietras.SeparatedValues;
using Nankang.Health.Cli;
using Nankang.Health.Settlement;

namespace Nankang.Health.LoadGen;

/// <summary>What one replay measured and found.</summary>
public sealed record ReplayReport(
    int Settled, int Replayed, IReadOnlyDictionary<int, int> Errors, TimeSpan Elapsed, double PerSecond,
    double P50Ms, double P95Ms, double P99Ms, double MaxMs, VerificationReport? Verification)
{
    public int ErrorCount => Errors.Values.Sum();

    public bool Ok => ErrorCount == 0 && (Verification?.Ok ?? true);
}

/// <summary>
/// Registers a county's hospitals and admitted members through the API with the bureau key, replays its admissions through
/// <c>POST /api/v1/settlements</c> with N concurrent clients, then verifies the result independently of the server's totals.
/// </summary>
public sealed class Replayer(HttpClient http, Options options, TextWriter output, TextWriter progress)
{
    public async Task<ReplayReport> RunAsync(County county, CancellationToken ct = default)
    {
        var members = county.AdmittedMembers;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"county: seed {options.Seed}, run {options.EffectiveRunId}, {county.ResidentCount:N0} residents, {county.Hospitals.Count} hospitals ({county.Hospitals.Count(h => !h.Designated)} not designated), {county.Admissions.Count:N0} admissions of {members.Count:N0} members"));
        Describe(county);
        if (!options.SkipRegister)
        {
            await RegisterAsync(county, members, ct);
        }

        if (options.Command == "register")
        {
            return new ReplayReport(0, 0, new Dictionary<int, int>(), TimeSpan.Zero, 0, 0, 0, 0, 0, null);
        }

        var report = await SettleAllAsync(county, ct);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replay: {report.Settled + report.Replayed:N0} answered in {report.Elapsed.TotalSeconds:F1} s = {report.PerSecond:N0} settlements/s with {options.Clients} clients{(options.Rate > 0 ? $" (target {options.Rate:N0}/s)" : string.Empty)}; latency ms p50 {report.P50Ms:F1} p95 {report.P95Ms:F1} p99 {report.P99Ms:F1} max {report.MaxMs:F1}; 201 {report.Settled:N0}, 200 {report.Replayed:N0}, errors {report.ErrorCount}{string.Concat(report.Errors.Select(e => $" [{e.Key}: {e.Value}]"))}"));
        if (!options.Verify)
        {
            return report;
        }

        var verification = await new Verifier(http, options, output, progress).VerifyAsync(county, members, ct);
        return report with { Verification = verification };
    }

    private void Describe(County county)
    {
        var costs = county.Admissions.Select(a => a.TotalCostFen / 100.0).Order().ToArray();
        var poor = county.Admissions.Count(a => CategorySets.On(a.Member.Categories, a.DischargedOn).IsPoor());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"admissions: mean cost {costs.Average():N0} yuan, median {costs[costs.Length / 2]:N0}, p99 {costs[(int)(costs.Length * 0.99)]:N0}, max {costs[^1]:N0}, above 300,000: {costs.Count(c => c > 300_000)}; poor on discharge {100.0 * poor / costs.Length:F1} %, referred {100.0 * county.Admissions.Count(a => a.Referred) / costs.Length:F1} %, repeat admissions {100.0 * (costs.Length - county.AdmittedMembers.Count) / costs.Length:F1} %"));
    }

    private async Task RegisterAsync(County county, IReadOnlyList<Resident> members, CancellationToken ct)
    {
        foreach (var h in county.Hospitals)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new { name = h.Name, level = h.Level, region = h.Region.ToString(), designated = h.Designated });
            await SendAsync(HttpMethod.Put, $"/api/v1/hospitals/{h.Id}", body, null, expectOk: true, ct);
        }

        var started = Stopwatch.GetTimestamp();
        using var bar = new ProgressBar(progress, "members", members.Count);
        await ForEachAsync(members.Count, async i =>
        {
            var m = members[i];
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                nationalId = m.NationalId, name = m.Name, birthDate = m.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), sex = m.Sex,
                township = m.Township, village = m.Village,
                categories = m.Categories.Select(c => new
                {
                    category = c.Category.ToString(), from = c.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    to = c.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }),
            });
            await SendAsync(HttpMethod.Put, $"/api/v1/members/{m.MemberId}", body, null, expectOk: true, ct);
            bar.Advance();
        }, ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"register: {county.Hospitals.Count} hospitals, {members.Count:N0} members in {seconds:F1} s ({members.Count / seconds:N0}/s)"));
    }

    private async Task<ReplayReport> SettleAllAsync(County county, CancellationToken ct)
    {
        var admissions = county.Admissions;
        using var ackLog = options.AckLog is { } path ? new AckLog(path) : null;
        var latencies = new long[admissions.Count];
        var finished = new long[admissions.Count];
        var begun = new long[admissions.Count];
        var late = new long[admissions.Count];
        var statuses = new int[admissions.Count];
        using var bar = new ProgressBar(progress, "settlements", admissions.Count);
        var started = Stopwatch.GetTimestamp();
        var ticksPerRequest = options.Rate > 0 ? Stopwatch.Frequency / options.Rate : 0;

        // With --warmup the first admissions go as fast as the clients can send them (JIT, caches, connections), and any
        // set rate starts after them, on a clock of its own: what comes after is the service's steady state.
        var warm = options.Warmup > 0 && options.Warmup < admissions.Count - 1 ? options.Warmup : 0;
        var paceFrom = started;
        async Task Settle(int i, bool paced)
        {
            // At a set rate a request's latency counts from when it was due, not from when a free client sent it: a server
            // that falls behind makes the requests wait, and that wait is part of what a hospital sees. The pacer releases a
            // request up to half a millisecond early; such a request counts from when it was sent.
            var due = paceFrom + (long)((i - (paced ? warm : 0)) * ticksPerRequest);
            var a = admissions[i];
            var body = ClaimJson(a);
            var sent = Stopwatch.GetTimestamp();
            var t0 = paced && ticksPerRequest > 0 ? Math.Min(due, sent) : sent;
            late[i] = sent - t0;
            begun[i] = t0;
            var key = a.IdempotencyKey(options.EffectiveRunId);
            ackLog?.Sent(key, a.Index, a.Hospital.Id, a.VisitNo, body);
            try
            {
                statuses[i] = await SettleAsync(ackLog, i, key, body, ct);
            }
            catch (HttpRequestException)
            {
                statuses[i] = 0; // no answer: counted as an error with status 0
            }

            finished[i] = Stopwatch.GetTimestamp();
            latencies[i] = finished[i] - t0;
            bar.Advance(statuses[i] is 200 or 201 ? 0 : 1);
        }

        if (warm > 0)
        {
            await ForEachAsync(warm, i => Settle(i, paced: false), ct);

            // The warm-up leaves garbage behind: collect it now rather than in a pause that the paced phase would count.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            paceFrom = Stopwatch.GetTimestamp();
            await Paced(admissions.Count - warm, j => Settle(warm + j, paced: true));
        }
        else
        {
            await Paced(admissions.Count, i => Settle(i, paced: true));
        }

        Task Paced(int count, Func<int, Task> body) => ticksPerRequest > 0
            ? Concurrency.PaceAsync(count, options.Clients, paceFrom, ticksPerRequest, body, ct)
            : ForEachAsync(count, body, ct);

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (warm > 0)
        {
            var steady = Latencies.Of(latencies.Skip(warm));
            var seconds = Stopwatch.GetElapsedTime(paceFrom, finished.Skip(warm).Max()).TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"after warm-up ({warm:N0} admissions at full speed): {steady.Count:N0} answered in {seconds:F1} s = {steady.Count / seconds:N0} settlements/s; latency ms p50 {steady.Ms(50):F1} p95 {steady.Ms(95):F1} p99 {steady.Ms(99):F1} max {steady.MaxMs:F1}"));
            if (ticksPerRequest > 0)
            {
                // The part of those latencies that is the load generator's own: sent after the request was due.
                var lateness = Latencies.Of(late.Skip(warm));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"after warm-up, sent after due (included above): p50 {lateness.Ms(50):F2} p95 {lateness.Ms(95):F2} p99 {lateness.Ms(99):F2} max {lateness.MaxMs:F1} ms"));
            }
        }

        if (options.Timeline is { } timeline)
        {
            WriteTimeline(timeline, started, begun, latencies);
        }

        var all = Latencies.Of(latencies);
        var errors = statuses.Where(s => s is not (200 or 201)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        return new ReplayReport(
            statuses.Count(s => s == 201), statuses.Count(s => s == 200), errors, elapsed, admissions.Count / elapsed.TotalSeconds,
            all.Ms(50), all.Ms(95), all.Ms(99), all.MaxMs, null);
    }

    /// <summary>
    /// <c>--timeline FILE</c>: one CSV line per second of the run (by when each request began, or was due at a set rate) with
    /// the count and the p50, p99 and max latency of that second's requests, to see when a tail happens and whether it repeats.
    /// </summary>
    private static void WriteTimeline(string path, long started, long[] begun, long[] latencies)
    {
        using var writer = Sep.New(',').Writer(o => o with { CultureInfo = CultureInfo.InvariantCulture }).ToFile(path);
        foreach (var second in Enumerable.Range(0, begun.Length).GroupBy(i => (int)((begun[i] - started) / Stopwatch.Frequency)).OrderBy(g => g.Key))
        {
            var h = Latencies.Of(second.Select(i => latencies[i]));
            using var row = writer.NewRow();
            row["second"].Format(second.Key);
            row["requests"].Format(h.Count);
            row["p50_ms"].Set($"{h.Ms(50):F1}");
            row["p99_ms"].Set($"{h.Ms(99):F1}");
            row["max_ms"].Set($"{h.MaxMs:F1}");
        }
    }

    /// <summary>
    /// The claim body exactly as a hospital's billing system sends it (money as numbers with at most two decimals), with the
    /// national ID from the patient's ID card: the replay settles visits without an admission.
    /// </summary>
    public static byte[] ClaimJson(Admission a)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("hospitalId", a.Hospital.Id);
            w.WriteString("visitNo", a.VisitNo);
            w.WriteString("memberId", a.Member.MemberId);
            w.WriteString("nationalId", a.Member.NationalId);
            w.WriteString("admittedOn", a.AdmittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("dischargedOn", a.DischargedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteBoolean("referred", a.Referred);
            w.WriteBoolean("insuranceApplicable", a.InsuranceApplicable);
            if (!a.InsuranceApplicable)
            {
                w.WriteString("notApplicableReason", "第三方责任外伤，医保不予支付");
            }

            w.WriteStartArray("diagnoses");
            w.WriteStringValue(a.Diagnosis);
            w.WriteEndArray();
            w.WriteStartArray("fees");
            var n = 0;
            foreach (var f in a.Fees)
            {
                w.WriteStartObject();
                w.WriteString("itemCode", $"{f.Class}{++n:000}");
                w.WriteString("class", f.Class.ToString());
                w.WriteNumber("amount", f.Amount.ToDecimal());
                if (!f.OverLimit.IsZero)
                {
                    w.WriteNumber("overLimitAmount", f.OverLimit.ToDecimal());
                }

                if (f.SelfPayRatio is { } ratio)
                {
                    w.WriteNumber("selfPayRatio", ratio.ToDecimal());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Sends one settlement to the <paramref name="i"/>-th server in turn and returns the status (0: no answer). With an
    /// acknowledgement log a 200/201 is logged with its settlement id and amounts before it counts, and a refused connection
    /// (nothing was sent: the server is down or restarting) moves on to the next --url and is retried for up to 2 minutes;
    /// a request cut off after it was sent stays unacknowledged, for <c>resend</c>.
    /// </summary>
    public async Task<int> SettleAsync(AckLog? ackLog, int i, string key, byte[] body, CancellationToken ct)
    {
        var urls = options.Urls;
        var giveUp = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
        for (var attempt = 0; ; attempt++)
        {
            var url = urls[(i + attempt) % urls.Count];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/api/v1/settlements")) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add("X-Api-Key", options.Key);
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request, ct);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new UsageException(
                        $"the server refused the key ({(int)response.StatusCode} on POST /api/v1/settlements): give the bureau's API key with --key or NANKANG_LOADGEN_KEY.");
                }

                var status = (int)response.StatusCode;
                if (ackLog is { } log && status is 200 or 201)
                {
                    using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                    log.Acknowledged(Ack.FromJson(key, status, doc.RootElement));
                }
                else
                {
                    await response.Content.CopyToAsync(Stream.Null, ct);
                }

                return status;
            }
            catch (HttpRequestException e) when (ackLog is not null && e.HttpRequestError == HttpRequestError.ConnectionError && Stopwatch.GetTimestamp() < giveUp)
            {
                if ((attempt + 1) % urls.Count == 0)
                {
                    await Task.Delay(200, ct);
                }
            }
        }
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, byte[] body, string? idempotencyKey, bool expectOk, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Api-Key", options.Key);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new UsageException(
                $"the server refused the key ({(int)response.StatusCode} on {method} {path}): give the bureau's API key with --key or NANKANG_LOADGEN_KEY.");
        }

        if (expectOk && !response.IsSuccessStatusCode)
        {
            throw new RunFailedException(
                $"{method} {path} answered {(int)response.StatusCode}: {Commands.OneLine(await response.Content.ReadAsStringAsync(ct))}");
        }

        await response.Content.CopyToAsync(Stream.Null, ct);

        return response.StatusCode;
    }

    /// <summary>Runs <paramref name="body"/> for 0..count-1 on <see cref="Options.Clients"/> concurrent clients, in index order.</summary>
    private Task ForEachAsync(int count, Func<int, Task> body, CancellationToken ct) => Concurrency.ForEachAsync(count, options.Clients, body, ct);
}

public static class Concurrency
{
    /// <summary>Runs <paramref name="body"/> for 0..count-1 with <paramref name="workers"/> workers taking the next index in turn.</summary>
    public static Task ForEachAsync(int count, int workers, Func<int, Task> body, CancellationToken ct)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, Math.Min(workers, count))).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                ct.ThrowIfCancellationRequested();
                await body(i);
            }
        }, ct)));
    }

    /// <summary>
    /// Starts <paramref name="body"/> for 0..count-1, the j-th when it is due (<paramref name="from"/> + j ×
    /// <paramref name="ticksPerItem"/>), with at most <paramref name="workers"/> running. One thread does the pacing and
    /// starts each item itself, sleeping a millisecond at a time and starting what is due within the next half millisecond:
    /// a timer per item (Task.Delay, then a thread-pool hop) sent them up to 5 ms late at p95 on a busy 2-core machine.
    /// </summary>
    public static Task PaceAsync(int count, int workers, long from, double ticksPerItem, Func<int, Task> body, CancellationToken ct)
    {
        var slots = new SemaphoreSlim(Math.Max(1, workers));
        var started = new Task[count];
        var halfMs = Stopwatch.Frequency / 2000;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            try
            {
                for (var j = 0; j < count; j++)
                {
                    var due = from + (long)(j * ticksPerItem);
                    while (due - Stopwatch.GetTimestamp() > halfMs)
                    {
                        Thread.Sleep(1);
                    }

                    slots.Wait(ct);
                    started[j] = Release(j);
                }

                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "pacer" };
        pacer.Start();
        return Finish();

        async Task Release(int j)
        {
            try
            {
                await body(j);
            }
            finally
            {
                slots.Release();
            }
        }

        async Task Finish()
        {
            await done.Task;
            await Task.WhenAll(started);
            slots.Dispose();
        }
    }
}
