using Microsoft.EntityFrameworkCore;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.Sqlite;

namespace Nankang.Health.Api.Http;

/// <summary>
/// With SQLite, copies the write-ahead log into the database in the background, every <c>Database:SqliteCheckpointMs</c>
/// (default 250 ms), on a connection of its own: <c>PRAGMA wal_checkpoint(PASSIVE)</c> copies what is committed without
/// blocking the writer, and fsyncs the database (synchronous=FULL). Otherwise the commit that crosses SQLite's automatic
/// threshold does the copying itself, and every request of that batch waits for it (hundreds of milliseconds for 64 MiB of
/// log; perf/README.md). The automatic checkpoint stays as a safety net. Other providers: nothing to do.
/// </summary>
public sealed class SqliteCheckpoints(IServiceScopeFactory scopes, IStoreProvider provider, IConfiguration configuration, ILogger<SqliteCheckpoints> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(configuration.GetValue("Database:SqliteCheckpointMs", 250));
        if (provider is not SqliteStoreProvider sqlite || interval <= TimeSpan.Zero || Storage.IsBuildTimeDocumentGeneration)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthDbContext>();
        using var timer = new PeriodicTimer(interval);
        var open = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!open)
                {
                    await db.Database.OpenConnectionAsync(stoppingToken);
                    open = true;
                }

                await sqlite.CheckpointAsync(db, stoppingToken);
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
