using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>A settlement request whose body passed <see cref="ClaimIntake.Check"/>, waiting to be booked.</summary>
/// <param name="NationalIdHashes">The lookup hashes of the body's <c>nationalId</c> under every key (null: none sent), computed on the request's thread.</param>
public sealed record PendingSettlement(SettleClaim Request, string RequestHash, IReadOnlyList<string>? NationalIdHashes = null)
{
    public ClaimBody Body => Request.Body;

    public string HospitalId => Body.HospitalId!;

    public string VisitNo => Body.VisitNo!;

    public string MemberId => Body.MemberId!;

    public int Year => Body.DischargedOn!.Value.Year;

    public string Key => Request.IdempotencyKey!;
}

/// <summary>
/// <c>Settlement:GroupCommit</c> (default true): settlements that arrive while a commit is in progress are booked together
/// in the next transaction, at most <c>Settlement:MaxBatch</c> (default 256) of them. False: one transaction per request.
/// </summary>
public sealed record SettlementWriterOptions(bool GroupCommit = true, int MaxBatch = 256);

/// <summary>
/// Books settlements, alone or by group commit. A batch is one transaction that locks every member-year it touches, reads
/// the registry (hospitals, members' categories) and the batch's keys, visits and accumulators in one query each, then
/// books its settlements one after the other in arrival order, exactly as one-by-one booking would: a settlement sees the
/// accumulators of those before it in the batch, and a key already used (in the database or earlier in the batch) replays
/// or conflicts instead of booking twice. The rows are written with one statement per table and row
/// (<see cref="IHealthStore.InsertAsync{T}"/>), not through change tracking. Every request is answered only after its batch
/// has committed (durably: SQLite runs synchronous=FULL). When the batch's commit fails on a unique key — something outside
/// the batch, such as another server instance, booked the same key or visit — its settlements are booked again one by one,
/// each retried as before.
/// </summary>
public sealed class SettlementWriter : IAsyncDisposable
{
    private const int Attempts = 3;
    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly PolicySet _policies;
    private readonly SettlementWriterOptions _options;
    private readonly Lazy<Task> _loop;

    public SettlementWriter(IServiceScopeFactory scopes, TimeProvider clock, PolicySet policies, SettlementWriterOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        _scopes = scopes;
        _clock = clock;
        _policies = policies;
        _options = options;
        _loop = new Lazy<Task>(() => Task.Run(RunAsync));
    }

    /// <summary>Books one settlement: in its own transaction, or in the next group commit.</summary>
    public async Task<Result<SettlementView>> BookAsync(PendingSettlement settlement, CancellationToken cancellationToken)
    {
        if (!_options.GroupCommit)
        {
            await using var scope = _scopes.CreateAsyncScope();
            return await BookAloneAsync(scope.ServiceProvider.GetRequiredService<IHealthStore>(), settlement, cancellationToken);
        }

        var queued = new Queued(settlement);
        if (!_queue.Writer.TryWrite(queued))
        {
            // Closed by shutdown: answered 503, nothing written.
            throw new ServiceStoppingException();
        }

        WriterMetrics.Enqueued();

        _ = _loop.Value;

        // A request that gives up still gets booked with its batch; its retry with the same key replays the answer.
        var answer = await queued.Answer.Task.WaitAsync(cancellationToken);
        WriterMetrics.Resumed(queued.Answered);
        return answer;
    }

    /// <summary>
    /// Stops taking settlements (later ones are answered 503) and books and answers every one already queued: the host
    /// disposes the writer on shutdown, after the server has drained its requests.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop.IsValueCreated)
        {
            await _loop.Value;
        }
    }

    /// <summary>
    /// The group-commit loop. It keeps one store with its connection open from batch to batch: with SQLite the connection's
    /// page cache then stays valid (a connection that finds the database changed by another one empties its cache), and no
    /// batch waits for the pool. Where the store can defer its commits' sync (<see cref="IHealthStore.DeferCommitSyncAsync"/>),
    /// a committed batch is handed to a <see cref="CommitSyncer"/>, which answers it once the log is synced, while this loop
    /// books the next batch. After a failed batch or sync the store is replaced.
    /// </summary>
    private async Task RunAsync()
    {
        Writer? writer = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                var batch = new List<Queued>(Math.Min(_options.MaxBatch, 64));
                while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var queued))
                {
                    batch.Add(queued);
                }

                WriterMetrics.Dequeued(batch.Count);

                // Taken after the batch is drained: a request that arrives while it is drained is in it, and waited 0.
                var started = Stopwatch.GetTimestamp();
                foreach (var queued in batch)
                {
                    WriterMetrics.Waited(queued.Enqueued, started);
                }

                try
                {
                    if (writer is { Syncer.Faulted: true })
                    {
                        await Writer.CloseAsync(writer);
                        writer = null;
                    }

                    writer ??= await Writer.OpenAsync(_scopes);
                    var answers = await BookGroupAsync(writer.Store, batch.ConvertAll(q => q.Settlement));
                    writer.Store.Reset();
                    if (writer.Syncer is { } syncer)
                    {
                        var committed = Stopwatch.GetTimestamp();
                        syncer.AfterSync(failure =>
                        {
                            WriterMetrics.Synced(committed);
                            Answer(batch, answers, failure);
                        });
                    }
                    else
                    {
                        Answer(batch, answers, null);
                    }
                }
                catch (Exception e)
                {
                    // Answered after the batches before it, which the syncer answers as it is closed.
                    await Writer.CloseAsync(writer);
                    writer = null;
                    Answer(batch, null, e);
                }
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private static void Answer(List<Queued> batch, Result<SettlementView>[]? answers, Exception? failure)
    {
        var answered = Stopwatch.GetTimestamp();
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Answered = answered;
            if (failure is not null)
            {
                batch[i].Answer.TrySetException(failure);
            }
            else
            {
                batch[i].Answer.TrySetResult(answers![i]);
            }
        }
    }

    /// <summary>The writer's store, its connection kept open, and the syncer of its commits where the provider defers them.</summary>
    private sealed class Writer(AsyncServiceScope scope, IHealthStore store, CommitSyncer? syncer) : IAsyncDisposable
    {
        public IHealthStore Store { get; } = store;

        public CommitSyncer? Syncer { get; } = syncer;

        public static async Task<Writer> OpenAsync(IServiceScopeFactory scopes)
        {
            var scope = scopes.CreateAsyncScope();
            try
            {
                var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
                await store.KeepOpenAsync(CancellationToken.None);
                var sync = await store.DeferCommitSyncAsync(CancellationToken.None);
                return new Writer(scope, store, sync is null ? null : new CommitSyncer(sync));
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        }

        /// <summary>Disposes a writer being replaced; a failure to dispose it does not stop the loop, which opens a new one.</summary>
        public static async Task CloseAsync(Writer? writer)
        {
            try
            {
                if (writer is not null)
                {
                    await writer.DisposeAsync();
                }
            }
            catch (Exception)
            {
                // What it held is answered or lost with it; the next batch opens a new store.
            }
        }

        /// <summary>Answers what the syncer holds (after a last sync), sets the connection's sync back, then closes the store.</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                Syncer?.Dispose();
            }
            finally
            {
                await scope.DisposeAsync();
            }
        }
    }

    private async Task<Result<SettlementView>[]> BookGroupAsync(IHealthStore store, List<PendingSettlement> settlements)
    {
        try
        {
            return await BookBatchAsync(store, settlements, CancellationToken.None);
        }
        catch (DbUpdateException e) when (store.IsUniqueViolation(e) && settlements.Count > 1)
        {
            store.Reset();
            var answers = new Result<SettlementView>[settlements.Count];
            for (var i = 0; i < answers.Length; i++)
            {
                answers[i] = await BookAloneAsync(store, settlements[i], CancellationToken.None);
            }

            return answers;
        }
    }

    private async Task<Result<SettlementView>> BookAloneAsync(IHealthStore store, PendingSettlement settlement, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await BookBatchAsync(store, [settlement], ct))[0];
            }
            catch (DbUpdateException e) when (store.IsUniqueViolation(e) && attempt < Attempts)
            {
                // A concurrent request with the same key or visit committed first: look again, now it is visible.
                store.Reset();
            }
        }
    }

    /// <summary>Books the settlements in order in one transaction and returns each one's answer.</summary>
    private async Task<Result<SettlementView>[]> BookBatchAsync(IHealthStore store, IReadOnlyList<PendingSettlement> settlements, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var tx = await store.BeginWriteAsync([.. settlements.Select(s => (s.MemberId, s.Year))], ct);
        var state = await BatchState.ReadAsync(store, settlements, ct);
        var read = Stopwatch.GetTimestamp();

        // Whole microseconds: what every provider stores exactly, so the answer rebuilt from the row equals the one given.
        var now = _clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % 10));
        var rows = new BatchRows();
        var answers = new Result<SettlementView>[settlements.Count];
        for (var i = 0; i < answers.Length; i++)
        {
            var s = settlements[i];
            var intake = ClaimIntake.Complete(s.Body, state.Hospitals.GetValueOrDefault(s.HospitalId), state.Members.GetValueOrDefault(s.MemberId), _policies);
            if (!intake.IsSuccess)
            {
                answers[i] = intake.Problem!;
                continue;
            }

            if (state.Booked.TryGetValue((s.HospitalId, s.Key), out var prior))
            {
                answers[i] = prior.RequestHash == s.RequestHash
                    ? Result<SettlementView>.Ok(prior.View, 200)
                    : Problem.Conflict("This Idempotency-Key was already used with a different body.",
                        new Dictionary<string, object?> { ["existingSettlementId"] = prior.SettlementId });
                continue;
            }

            var visit = (s.HospitalId, s.VisitNo);
            state.Admissions.TryGetValue(visit, out var admission);
            if (admission is not null && admission.MemberId != s.MemberId)
            {
                answers[i] = Problem.Conflict($"Visit {s.VisitNo} is registered for another member.");
                continue;
            }

            if (NationalIdCheck.Check(s.NationalIdHashes, state.NationalIdLookups[s.MemberId], admission is not null) is { } idProblem)
            {
                answers[i] = idProblem;
                if (NationalIdCheck.IsMismatch(idProblem))
                {
                    rows.Audit.Add(NationalIdCheck.MismatchAudit(s.Request.Caller, now, s.MemberId));
                }

                continue;
            }

            if (state.Active.TryGetValue(visit, out var activeId))
            {
                answers[i] = ClaimIntake.VisitAlreadySettled(activeId);
                continue;
            }

            if (admission is null)
            {
                admission = Admit(s, now);
                state.Admissions[visit] = admission;
                rows.Admissions.Add(admission);
            }

            state.Accumulators.TryGetValue((s.MemberId, s.Year), out var accRow);
            var view = Book(rows, s, intake.Value!, admission, ref accRow, now);
            state.Accumulators[(s.MemberId, s.Year)] = accRow!;
            state.Booked[(s.HospitalId, s.Key)] = new Booked(s.RequestHash, view.SettlementId!, view);
            state.Active[visit] = view.SettlementId!;
            answers[i] = Result<SettlementView>.Ok(view, 201);
        }

        var settled = Stopwatch.GetTimestamp();
        await rows.WriteAsync(store, ct);
        var written = Stopwatch.GetTimestamp();
        await tx.CommitAsync(ct);

        WriterMetrics.Batch(settlements.Count, started, read, settled, written, Stopwatch.GetTimestamp());
        return answers;
    }

    private static AdmissionRow Admit(PendingSettlement s, DateTime now) => new()
    {
        Id = $"A{Guid.CreateVersion7():N}",
        HospitalId = s.HospitalId,
        VisitNo = s.VisitNo,
        MemberId = s.MemberId,
        AdmittedOn = s.Body.AdmittedOn!.Value,
        CreatedAt = now,
    };

    /// <summary>Settles on top of the member-year's accumulators and adds the settlement, its ledger entry, key and audit row.</summary>
    private static SettlementView Book(BatchRows rows, PendingSettlement s, Intake intake, AdmissionRow admission, ref AccumulatorRow? accRow, DateTime now)
    {
        var request = s.Request;
        var result = SettlementEngine.Settle(intake.Claim, intake.Policy, AccumulatorStore.ToValue(accRow));
        var settlementId = $"S{Guid.CreateVersion7():N}";
        var lines = SettlementViews.Lines(result, intake.Policy);
        var view = SettlementViews.FromResult(result, intake, settlementId, SettlementStatus.Settled, SettlementViews.Utc(now), lines);
        rows.Settlements.Add(SettleClaimHandler.Row(request, intake, result, settlementId, admission.Id, now, lines));
        rows.LedgerEntries.Add(SettlementViews.Entry(
            LedgerEntryKind.Settlement, settlementId, s.HospitalId, s.MemberId, s.Year, NetAmounts.Of(result), now, request.Caller.KeyId));
        if (accRow is null)
        {
            accRow = new AccumulatorRow { MemberId = s.MemberId, Year = s.Year };
            rows.NewAccumulators.Add(accRow);
        }
        else if (!rows.NewAccumulators.Contains(accRow))
        {
            // Read from the database (a row made earlier in this batch is inserted with its final values).
            rows.ChangedAccumulators.Add(accRow);
        }

        AccumulatorStore.Write(accRow, result.After, now);
        rows.IdempotencyKeys.Add(new IdempotencyRow
        {
            HospitalId = s.HospitalId,
            Key = s.Key,
            RequestHash = s.RequestHash,
            SettlementId = settlementId,
            ResponseJson = string.Empty, // the answer is the settlement row as booked: BatchState.ReadAsync rebuilds it
            CreatedAt = now,
        });
        rows.Audit.Add(Audit.Row(request.Caller, now, "settlement.create", $"settlement:{settlementId}", 201));
        return view;
    }

    /// <summary>What a batch writes, table by table, in the order the foreign keys need.</summary>
    private sealed class BatchRows
    {
        public List<AdmissionRow> Admissions { get; } = [];

        public List<SettlementRow> Settlements { get; } = [];

        public List<LedgerEntryRow> LedgerEntries { get; } = [];

        public HashSet<AccumulatorRow> NewAccumulators { get; } = new(ReferenceEqualityComparer.Instance);

        public HashSet<AccumulatorRow> ChangedAccumulators { get; } = new(ReferenceEqualityComparer.Instance);

        public List<IdempotencyRow> IdempotencyKeys { get; } = [];

        public List<AuditRow> Audit { get; } = [];

        public async Task WriteAsync(IHealthStore store, CancellationToken ct)
        {
            await store.InsertAsync(Admissions, ct);
            await store.InsertAsync(Settlements, ct);
            await store.InsertAsync(LedgerEntries, ct);
            await store.InsertAsync([.. NewAccumulators], ct);
            await store.UpdateAsync([.. ChangedAccumulators], ct);
            await store.InsertAsync(IdempotencyKeys, ct);
            await store.InsertAsync(Audit, ct);
        }
    }

    /// <summary>A key already used: its body's hash, its settlement and the answer it was given.</summary>
    private sealed record Booked(string RequestHash, string SettlementId, SettlementView View);

    /// <summary>What a batch reads before it books: the registry, its keys, visits and member-years.</summary>
    private sealed class BatchState
    {
        public required Dictionary<string, HospitalRow> Hospitals { get; init; }

        /// <summary>Each member of the batch that exists, with its category periods.</summary>
        public required Dictionary<string, List<CategoryPeriod>> Members { get; init; }

        /// <summary>Each member's national-ID lookup hash (<see cref="NationalIdCheck"/>).</summary>
        public required Dictionary<string, string> NationalIdLookups { get; init; }

        public required Dictionary<(string HospitalId, string Key), Booked> Booked { get; init; }

        public required Dictionary<(string HospitalId, string VisitNo), AdmissionRow> Admissions { get; init; }

        /// <summary>The active (not voided) settlement of each visit that has one.</summary>
        public required Dictionary<(string HospitalId, string VisitNo), string> Active { get; init; }

        public required Dictionary<(string MemberId, int Year), AccumulatorRow> Accumulators { get; init; }

        /// <summary>
        /// One plain command per table (<see cref="IHealthStore.ReadWhereInAsync{T}"/>, <see cref="IHealthStore.ReadWherePairsAsync{T}"/>),
        /// each with one parameter (a list or pairs as JSON), so its SQL is the same whatever the batch.
        /// </summary>
        public static async Task<BatchState> ReadAsync(IHealthStore store, IReadOnlyList<PendingSettlement> settlements, CancellationToken ct)
        {
            var hospitals = (await store.ReadWhereInAsync<HospitalRow>(nameof(HospitalRow.Id), settlements.Select(s => s.HospitalId), ct)).ToDictionary(h => h.Id);
            var memberIds = settlements.Select(s => s.MemberId).Distinct().ToList();
            // Whether each member exists, and its national ID's lookup hash: the rest of the row (national ID and name,
            // encrypted) is not read.
            var lookups = (await store.ReadColumnPairsAsync<MemberRow>(nameof(MemberRow.Id), nameof(MemberRow.NationalIdLookup), memberIds, ct))
                .ToDictionary(m => m.Value, m => m.Other);
            var members = lookups.Keys.ToDictionary(id => id, _ => new List<CategoryPeriod>());
            foreach (var c in await store.ReadWhereInAsync<MemberCategoryRow>(nameof(MemberCategoryRow.MemberId), memberIds, ct))
            {
                members[c.MemberId].Add(new CategoryPeriod(c.Category, c.From, c.To));
            }

            var keys = await store.ReadWherePairsAsync<IdempotencyRow>("HospitalId", "Key", settlements.Select(s => (s.HospitalId, s.Key)), ct);
            var replayedIds = keys.Select(k => k.SettlementId).ToList();

            // Settlement rows are append-only, so the answer rebuilt from one is the answer first given, whatever happened
            // to the settlement since (a void, an adjustment): status Settled, no adjustments, the lines and accumulators
            // stored at booking.
            var asBooked = replayedIds.Count == 0
                ? []
                : (await store.ReadWhereInAsync<SettlementRow>(nameof(SettlementRow.Id), replayedIds, ct))
                    .ToDictionary(r => r.Id, r => SettlementViews.View(r, [], voided: false));
            var visits = settlements.Select(s => (s.HospitalId, s.VisitNo)).ToList();
            var admissions = (await store.ReadWherePairsAsync<AdmissionRow>("HospitalId", "VisitNo", visits, ct))
                .ToDictionary(a => (a.HospitalId, a.VisitNo));

            // A visit's settlements are rare (one unless voided and settled again): read whole, then drop the voided ones.
            var visitSettlements = await store.ReadWherePairsAsync<SettlementRow>("HospitalId", "VisitNo", visits, ct);
            var voided = visitSettlements.Count == 0
                ? []
                : (await store.ReadWhereInAsync<VoidRow>(nameof(VoidRow.SettlementId), visitSettlements.Select(v => v.Id), ct)).Select(v => v.SettlementId).ToHashSet();
            var active = visitSettlements
                .Where(v => !voided.Contains(v.Id))
                .DistinctBy(v => (v.HospitalId, v.VisitNo))
                .ToDictionary(v => (v.HospitalId, v.VisitNo), v => v.Id);
            var accumulators = (await store.ReadWhereInAsync<AccumulatorRow>(nameof(AccumulatorRow.MemberId), memberIds, ct))
                .ToDictionary(a => (a.MemberId, a.Year));
            return new BatchState
            {
                Hospitals = hospitals,
                Members = members,
                NationalIdLookups = lookups,
                Booked = keys.ToDictionary(k => (k.HospitalId, k.Key), k => new Booked(k.RequestHash, k.SettlementId, asBooked[k.SettlementId])),
                Admissions = admissions,
                Active = active,
                Accumulators = accumulators,
            };
        }
    }

    private sealed class Queued(PendingSettlement settlement)
    {
        public PendingSettlement Settlement { get; } = settlement;

        public TaskCompletionSource<Result<SettlementView>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Enqueued { get; } = Stopwatch.GetTimestamp();

        public long Answered { get; set; }
    }
}

/// <summary>
/// The writer's instruments (meter <c>Nankang.Health.Settlement</c>, readable with <c>dotnet-counters monitor -n
/// Nankang.Health.Api --counters Nankang.Health.Settlement</c>): batch sizes, the time of each phase of a batch, how long
/// requests waited for their batch to start, how long after their batch's commit they resumed to send their answers, and
/// how many wait in the queue now.
/// </summary>
public static class WriterMetrics
{
    public const string MeterName = "Nankang.Health.Settlement";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "nankang.settlement.batch.size", "{settlement}", "Settlements per committed transaction.");
    private static readonly Counter<long> Settlements = Meter.CreateCounter<long>(
        "nankang.settlement.batch.settlements", "{settlement}", "Settlement requests through the writer.");
    private static readonly Histogram<double> Phase = Meter.CreateHistogram<double>(
        "nankang.settlement.batch.phase", "ms", "Time of each phase of a batch: begin+read, settle, write, commit, and sync (from the commit's return until the log is synced, where the writer syncs it).");

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "nankang.settlement.queue.wait", "ms", "Time a settlement request waited in the queue for its batch to start.");

    private static readonly Histogram<double> AnswerLag = Meter.CreateHistogram<double>(
        "nankang.settlement.answer.lag", "ms", "Time from a batch's commit until a request of it resumed to send its answer.");

    private static int _queued;

    private static readonly ObservableGauge<int> QueueDepth = Meter.CreateObservableGauge(
        "nankang.settlement.queue.depth", () => Volatile.Read(ref _queued), "{settlement}", "Settlement requests waiting in the queue for a batch.");

    internal static void Enqueued() => Interlocked.Increment(ref _queued);

    internal static void Dequeued(int count) => Interlocked.Add(ref _queued, -count);

    internal static void Synced(long committed) =>
        Phase.Record(Stopwatch.GetElapsedTime(committed).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "sync"));

    internal static void Resumed(long answered) => AnswerLag.Record(Stopwatch.GetElapsedTime(answered).TotalMilliseconds);

    internal static void Waited(long enqueued, long started) => QueueWait.Record(Stopwatch.GetElapsedTime(enqueued, started).TotalMilliseconds);

    internal static void Batch(int size, long started, long read, long settled, long written, long committed)
    {
        BatchSize.Record(size);
        Settlements.Add(size);
        Phase.Record(Stopwatch.GetElapsedTime(started, read).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "read"));
        Phase.Record(Stopwatch.GetElapsedTime(read, settled).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "settle"));
        Phase.Record(Stopwatch.GetElapsedTime(settled, written).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "write"));
        Phase.Record(Stopwatch.GetElapsedTime(written, committed).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "commit"));
    }
}
