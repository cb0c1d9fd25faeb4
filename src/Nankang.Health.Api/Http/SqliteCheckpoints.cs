using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.Sqlite;

namespace Nankang.Health.Api.Http;

/// <summary>
/// With SQLite, copies the write-ahead log into the database in the background, on a connection of its own, after writes
/// but at most once every <c>Database:SqliteCheckpointMs</c> (default 20 ms), and once a second without writes; and
/// restarts the log once it holds <c>Database:SqliteRestartLogPages</c> pages (default 65,536, 256 MiB): see
/// <see cref="SqliteStoreProvider.CheckpointAsync"/>. The writer's own automatic checkpoint, which copies and syncs inside a
/// commit while every request of that batch waits, is then set at twice that size and stays as a safety net
/// (perf/README.md). Other providers: nothing to do.
/// <para>
/// The interval is short because each pass ends with an fsync of the pages it copied, and a commit whose own fsync falls
/// into it waits for it: the smaller the pass, the shorter the wait. At 1,000 settlements/s p99 fell from 11–13 ms at
/// 100 ms to 7–9 ms at 20 ms (perf/README.md, fifth pass). Waking on writes rather than on a timer keeps an idle service
/// from waking fifty times a second.
/// </para>
/// </summary>
public sealed class SqliteCheckpoints(IServiceScopeFactory scopes, IStoreProvider provider, IConfiguration configuration, ILogger<SqliteCheckpoints> log)
    : BackgroundService
{
    /// <summary>The checkpoint interval (zero or less: no background checkpoints) and the log size that restarts the log.</summary>
    public static (TimeSpan Interval, long RestartPages) Settings(IConfiguration configuration) =>
        (TimeSpan.FromMilliseconds(configuration.GetValue("Database:SqliteCheckpointMs", 20)),
            Math.Max(1, configuration.GetValue("Database:SqliteRestartLogPages", 65_536L)));

    /// <summary>The writers' <c>wal_autocheckpoint</c>: above the background threshold when there is a background checkpointer.</summary>
    public static long AutoCheckpointPages(IConfiguration configuration) =>
        Settings(configuration) is { Interval.Ticks: > 0 } settings && !Storage.IsBuildTimeDocumentGeneration ? 2 * settings.RestartPages : 16_384;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (interval, restartPages) = Settings(configuration);
        if (provider is not SqliteStoreProvider sqlite || interval <= TimeSpan.Zero || Storage.IsBuildTimeDocumentGeneration)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthDbContext>();
        var open = false;
        var last = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Writes of other connections (the registry's) do not signal: the once-a-second pass copies theirs.
                await sqlite.WaitForWriteAsync(TimeSpan.FromSeconds(1), stoppingToken);
                if (interval - Stopwatch.GetElapsedTime(last) is { Ticks: > 0 } rest)
                {
                    await Task.Delay(rest, stoppingToken);
                }

                last = Stopwatch.GetTimestamp();
                if (!open)
                {
                    await db.Database.OpenConnectionAsync(stoppingToken);
                    open = true;
                }

                await sqlite.CheckpointAsync(db, restartPages, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Background WAL checkpoint failed; the next one retries.");
                if (open)
                {
                    open = false;
                    await db.Database.CloseConnectionAsync();
                }
            }
        }
    }
}
