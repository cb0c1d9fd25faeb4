using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nankang.Health.Persistence.Sqlite.GroupCommit;

/// <summary>
/// The background checkpoint's interval (<c>Database:SqliteCheckpointMs</c>, default 20 ms; zero or less: none) and the
/// log size that restarts the log (<c>Database:SqliteRestartLogPages</c>, default 65,536 pages, 256 MiB).
/// </summary>
public sealed record SqliteCheckpointSettings(TimeSpan Interval, long RestartPages)
{
    /// <summary>No background checkpoints (the build's OpenAPI generation, which opens no database).</summary>
    public static readonly SqliteCheckpointSettings Off = new(TimeSpan.Zero, 65_536);

    public static SqliteCheckpointSettings From(IConfiguration configuration) => new(
        TimeSpan.FromMilliseconds(configuration.GetValue("Database:SqliteCheckpointMs", 20)),
        Math.Max(1, configuration.GetValue("Database:SqliteRestartLogPages", 65_536L)));

    /// <summary>The writers' <c>wal_autocheckpoint</c>: twice the restart size when the background pass runs, a safety net only.</summary>
    public long AutoCheckpointPages => Interval > TimeSpan.Zero ? 2 * RestartPages : 16_384;
}

/// <summary>
/// With SQLite, copies the write-ahead log into the database in the background, on a connection of its own: after writes
/// but at most once per <see cref="SqliteCheckpointSettings.Interval"/>, and once a second without writes; it restarts the
/// log once it holds <see cref="SqliteCheckpointSettings.RestartPages"/> (<see cref="SqliteStoreProvider.CheckpointAsync"/>).
/// Short passes keep short the wait of a commit whose fsync falls into one (figures in perf/README.md); waking on writes
/// rather than on a timer lets an idle service sleep. Other providers: nothing to do.
/// </summary>
public sealed class SqliteCheckpoints(IServiceScopeFactory scopes, IStoreProvider provider, SqliteCheckpointSettings settings, ILogger<SqliteCheckpoints> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (interval, restartPages) = (settings.Interval, settings.RestartPages);
        if (provider is not SqliteStoreProvider sqlite || interval <= TimeSpan.Zero)
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
