using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.Sqlite;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The background checkpoint of SQLite (<see cref="SqliteStoreProvider.CheckpointAsync"/>): it copies the log without
/// taking the writers' gate, and past its threshold it takes the gate for a last copy so that the writer's next
/// transaction starts the log again, instead of the writer doing it inside a commit.
/// </summary>
public sealed class SqliteCheckpointTests : SqliteFileTests
{
    [Fact]
    public async Task BelowTheThreshold_CopiesTheLog_WithoutWaitingForAnOpenWrite()
    {
        await using var writer = Context();
        await using var checkpointer = Context();
        await checkpointer.Database.OpenConnectionAsync();
        await WriteAsync(writer, 20);

        await using (var open = await writer.BeginWriteAsync(CancellationToken.None))
        {
            await writer.InsertAsync([Admission()], CancellationToken.None);
            var checkpoint = Provider.CheckpointAsync(checkpointer, restartFrames: long.MaxValue, CancellationToken.None);
            var finished = await Task.WhenAny(checkpoint, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.Same(checkpoint, finished);
            await open.CommitAsync(CancellationToken.None);
        }

        var (log, copied) = await LogAsync(checkpointer);
        Assert.True(log > 0 && copied > 0, $"log {log}, copied {copied}");
        Assert.Equal(21, await writer.Set<AdmissionRow>().CountAsync());
    }

    /// <summary>The checkpointer sleeps until a write has ended: one signal however many writes, none without a write.</summary>
    [Fact]
    public async Task WaitForWrite_WakesAfterWrites_OnceForMany_AndNotWithoutOne()
    {
        await using var writer = Context();
        Assert.False(await Provider.WaitForWriteAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));

        await WriteAsync(writer, 3);

        Assert.True(await Provider.WaitForWriteAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.False(await Provider.WaitForWriteAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        var waiting = Provider.WaitForWriteAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        await WriteAsync(writer, 1);
        Assert.True(await waiting);
    }

    [Fact]
    public async Task PastTheThreshold_WaitsForTheOpenWrite_ThenTheNextWriteRestartsTheLog()
    {
        await using var writer = Context();
        await using var checkpointer = Context();
        await checkpointer.Database.OpenConnectionAsync();
        await WriteAsync(writer, 20);
        var (grown, _) = await LogAsync(checkpointer);

        Task checkpoint;
        await using (var open = await writer.BeginWriteAsync(CancellationToken.None))
        {
            await writer.InsertAsync([Admission()], CancellationToken.None);
            checkpoint = Provider.CheckpointAsync(checkpointer, restartFrames: 1, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.False(checkpoint.IsCompleted, "the last copy must wait for the writer's open transaction");
            await open.CommitAsync(CancellationToken.None);
        }

        await checkpoint.WaitAsync(TimeSpan.FromSeconds(10));
        await WriteAsync(writer, 1);
        var (restarted, _) = await LogAsync(checkpointer);

        Assert.True(restarted < grown, $"the log holds {restarted} pages after one write; it held {grown} before the checkpoint");
        Assert.Equal(22, await writer.Set<AdmissionRow>().CountAsync());
    }

    private static async Task WriteAsync(HealthDbContext db, int transactions)
    {
        for (var i = 0; i < transactions; i++)
        {
            await using var tx = await db.BeginWriteAsync(CancellationToken.None);
            await db.InsertAsync([Admission()], CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
    }

    /// <summary>Pages in the log and pages of it copied, as a passive checkpoint with nothing new to copy reports them.</summary>
    private static async Task<(long Log, long Copied)> LogAsync(HealthDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

}
