using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.Sqlite;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The settlement writer's connection on SQLite (<see cref="HealthDbContext.DeferCommitSyncAsync"/>): at synchronous=NORMAL
/// while the writer syncs its log, and never handed back to the connection pool at NORMAL, where a later context would
/// commit without syncing.
/// </summary>
public sealed class SqliteLogSyncTests : SqliteFileTests
{
    [Fact]
    public async Task DeferredSync_RunsTheConnectionAtNormal_AndDisposingItSetsFullBack_BeforeThePoolReusesIt()
    {
        await using (var writer = Context())
        {
            await writer.KeepOpenAsync(CancellationToken.None);
            Assert.Equal(2, await SynchronousAsync(writer));
            using (var sync = await writer.DeferCommitSyncAsync(CancellationToken.None))
            {
                Assert.NotNull(sync);
                Assert.Equal(1, await SynchronousAsync(writer));
                await using (var tx = await writer.BeginWriteAsync(CancellationToken.None))
                {
                    await writer.InsertAsync([Admission()], CancellationToken.None);
                    await tx.CommitAsync(CancellationToken.None);
                }

                sync.Sync();
            }

            Assert.Equal(2, await SynchronousAsync(writer));
        }

        // The same native connection, from the pool.
        await using var next = Context();
        await next.KeepOpenAsync(CancellationToken.None);
        Assert.Equal(2, await SynchronousAsync(next));
        Assert.Equal(1, await next.Set<AdmissionRow>().CountAsync());
    }

    /// <summary>A connection already closed (back in the pool at NORMAL) cannot be set back: the pool is cleared instead.</summary>
    [Fact]
    public async Task DeferredSync_WhoseConnectionWasClosedFirst_ClearsThePool()
    {
        await using (var writer = Context())
        {
            await writer.KeepOpenAsync(CancellationToken.None);
            var sync = await writer.DeferCommitSyncAsync(CancellationToken.None);
            Assert.NotNull(sync);
            await writer.Database.CloseConnectionAsync();
            sync.Dispose();
        }

        await using var next = Context();
        await next.KeepOpenAsync(CancellationToken.None);
        Assert.Equal(2, await SynchronousAsync(next));
    }

    [Fact]
    public async Task DeferredSync_OfADatabaseInMemory_IsNull()
    {
        var options = new DbContextOptionsBuilder<HealthDbContext>();
        Provider.Configure(options, "Data Source=:memory:");
        await using var db = new HealthDbContext(options.Options, Provider);
        await db.KeepOpenAsync(CancellationToken.None);
        Assert.Null(await db.DeferCommitSyncAsync(CancellationToken.None));
        Assert.Equal(2, await SynchronousAsync(db));
    }

    private static async Task<long> SynchronousAsync(HealthDbContext db)
    {
        await using var command = ((SqliteConnection)db.Database.GetDbConnection()).CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
