using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Settlements.Booking;
using Nankang.Health.Application.Settlements.GroupCommit;
using Nankang.Health.Persistence.BatchStore;

namespace Nankang.Health.Persistence.GroupCommit;

/// <summary>
/// <c>Settlement:GroupCommit</c> (default true): settlements that arrive while a commit is in progress are booked together
/// in the next transaction, at most <c>Settlement:MaxBatch</c> (default 256) of them. False: one transaction per request.
/// </summary>
public sealed record GroupCommitOptions(bool GroupCommit = true, int MaxBatch = 256);

/// <summary>
/// Books settlements, alone or by group commit. A batch is one transaction that locks every member-year it touches, then
/// lets <see cref="SettlementBooker"/> read, decide and write. Every request is answered only after its batch has
/// committed durably. When the batch's commit fails on a unique key — something outside the batch, such as another server
/// instance, booked the same key or visit — its settlements are booked again one by one, each retried as before.
/// </summary>
/// <remarks>
/// Shutdown (<see cref="StoppingAsync"/>) runs before the host stops the server: the queue is closed (later settlements
/// are answered 503 at once), every settlement already handed over is booked and answered, and the server is stopped only
/// once no settlement has come for a moment. A server that stops while answers are under way closes keep-alive
/// connections on which clients are already sending their next settlement, and a client does not resend a POST whose
/// body went out: it is cut off (GracefulShutdownTests).
/// </remarks>
public sealed class GroupCommitWriter : IGroupCommit, IHostedLifecycleService, IAsyncDisposable
{
    private const int Attempts = 3;

    /// <summary>How long the stop waits after the last settlement refused, and at most in all.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxQuietWait = TimeSpan.FromSeconds(5);

    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly SettlementBooker _booker;
    private readonly GroupCommitOptions _options;
    private readonly Lazy<Task> _loop;
    private long _lastRefused;

    public GroupCommitWriter(IServiceScopeFactory scopes, SettlementBooker booker, GroupCommitOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        _scopes = scopes;
        _booker = booker;
        _options = options;
        _loop = new Lazy<Task>(() => Task.Run(RunAsync));
    }

    /// <summary>Books one settlement: in its own transaction, or in the next group commit.</summary>
    public async Task<Result<SettlementView>> BookAsync(PendingSettlement settlement, CancellationToken cancellationToken)
    {
        if (!_options.GroupCommit)
        {
            await using var scope = _scopes.CreateAsyncScope();
            return await BookAloneAsync(scope.ServiceProvider.GetRequiredService<HealthDbContext>(), settlement, cancellationToken);
        }

        var queued = new Queued(settlement);
        if (!_queue.Writer.TryWrite(queued))
        {
            // Closed by shutdown: answered 503, nothing written.
            Volatile.Write(ref _lastRefused, Stopwatch.GetTimestamp());
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
    /// Stops taking settlements (later ones are answered 503) and books and answers every one already handed over. The
    /// loop is started if it was not: a request may have queued its settlement but not yet started the loop.
    /// </summary>
    public Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        return _loop.Value;
    }

    /// <summary>
    /// Called by the host before it stops any service, the server included: drains the queue while the server still sends
    /// the answers, then waits until no settlement has been refused for <see cref="QuietPeriod"/> (the clients answered
    /// last have sent their next one and had their 503). Past the host's shutdown timeout the server stops anyway.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A writer that booked nothing has no clients to wait for.
            var booked = _loop.IsValueCreated;
            await DrainAsync().WaitAsync(cancellationToken);
            var drained = Stopwatch.GetTimestamp();
            while (booked && Stopwatch.GetElapsedTime(drained) < MaxQuietWait
                && Stopwatch.GetElapsedTime(Math.Max(drained, Volatile.Read(ref _lastRefused))) < QuietPeriod)
            {
                await Task.Delay(QuietPeriod / 5, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout: the server stops now; DisposeAsync still waits for the loop.
        }
    }

    /// <summary>Drains the queue where no host stopped the writer first (a writer built without one).</summary>
    public async ValueTask DisposeAsync() => await DrainAsync();

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The group-commit loop. It keeps one context with its connection open from batch to batch (with SQLite the page cache
    /// then stays valid, and no batch waits for the pool). Where the provider defers its commits' sync, a committed batch is
    /// handed to a <see cref="CommitSyncer"/>, which answers it once the log is synced, while this loop books the next
    /// batch. After a failed batch or sync the connection is replaced.
    /// </summary>
    private async Task RunAsync()
    {
        Connection? connection = null;
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
                    if (connection is { Syncer.Faulted: true })
                    {
                        await Connection.CloseAsync(connection);
                        connection = null;
                    }

                    connection ??= await Connection.OpenAsync(_scopes);
                    var answers = await BookGroupAsync(connection.Db, batch.ConvertAll(q => q.Settlement));
                    connection.Db.ChangeTracker.Clear();
                    if (connection.Syncer is { } syncer)
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
                    await Connection.CloseAsync(connection);
                    connection = null;
                    Answer(batch, null, e);
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
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

    private async Task<Result<SettlementView>[]> BookGroupAsync(HealthDbContext db, List<PendingSettlement> settlements)
    {
        try
        {
            return await BookBatchAsync(db, settlements, CancellationToken.None);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e) && settlements.Count > 1)
        {
            db.ChangeTracker.Clear();
            var answers = new Result<SettlementView>[settlements.Count];
            for (var i = 0; i < answers.Length; i++)
            {
                answers[i] = await BookAloneAsync(db, settlements[i], CancellationToken.None);
            }

            return answers;
        }
    }

    private async Task<Result<SettlementView>> BookAloneAsync(HealthDbContext db, PendingSettlement settlement, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await BookBatchAsync(db, [settlement], ct))[0];
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e) && attempt < Attempts)
            {
                // A concurrent request with the same key or visit committed first: look again, now it is visible.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Books the settlements in order in one transaction and returns each one's answer.</summary>
    private async Task<Result<SettlementView>[]> BookBatchAsync(HealthDbContext db, IReadOnlyList<PendingSettlement> settlements, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var tx = await db.BeginWriteAsync([.. settlements.Select(s => (s.MemberId, s.Year))], ct);
        var store = new SettlementBatchStore(db);
        var answers = await _booker.BookAsync(store, settlements, ct);
        await tx.CommitAsync(ct);
        WriterMetrics.Batch(settlements.Count, started, store.ReadEnded, store.WriteStarted, store.WriteEnded, Stopwatch.GetTimestamp());
        return answers;
    }

    /// <summary>The writer's context, its connection kept open, and the syncer of its commits where the provider defers them.</summary>
    private sealed class Connection(AsyncServiceScope scope, HealthDbContext db, CommitSyncer? syncer) : IAsyncDisposable
    {
        public HealthDbContext Db { get; } = db;

        public CommitSyncer? Syncer { get; } = syncer;

        public static async Task<Connection> OpenAsync(IServiceScopeFactory scopes)
        {
            var scope = scopes.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<HealthDbContext>();
                await db.KeepOpenAsync(CancellationToken.None);
                var sync = await db.DeferCommitSyncAsync(CancellationToken.None);
                return new Connection(scope, db, sync is null ? null : new CommitSyncer(sync));
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        }

        /// <summary>Disposes a connection being replaced; a failure to dispose it does not stop the loop, which opens a new one.</summary>
        public static async Task CloseAsync(Connection? connection)
        {
            try
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
            catch (Exception)
            {
                // What it held is answered or lost with it; the next batch opens a new one.
            }
        }

        /// <summary>Answers what the syncer holds (after a last sync), sets the connection's sync back, then closes the context.</summary>
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

    private sealed class Queued(PendingSettlement settlement)
    {
        public PendingSettlement Settlement { get; } = settlement;

        public TaskCompletionSource<Result<SettlementView>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Enqueued { get; } = Stopwatch.GetTimestamp();

        public long Answered { get; set; }
    }
}
