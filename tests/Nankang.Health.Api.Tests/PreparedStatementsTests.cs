using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.BatchStore;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The statements a context keeps prepared (<see cref="HealthDbContext.Prepared"/>) for its row reader and SQLite's row
/// writer: reused while they belong to the connection, never run on another native connection than the one they were
/// prepared on, and gone with the context.
/// </summary>
public sealed class PreparedStatementsTests : SqliteFileTests
{
    [Fact]
    public void Get_ReusesAUsableItem_ReplacesAndDisposesOneThatIsNot()
    {
        using var prepared = new PreparedStatements();
        var first = prepared.Get("k", _ => true, () => new Item());
        Assert.Same(first, prepared.Get("k", _ => true, () => new Item()));

        var second = prepared.Get("k", i => i != first, () => new Item());
        Assert.NotSame(first, second);
        Assert.True(first.Disposed);
        Assert.False(second.Disposed);

        prepared.Dispose();
        Assert.True(second.Disposed);
    }

    /// <summary>
    /// After the context's connection was closed and its native connection dropped from the pool, the kept insert runs on
    /// the new native connection, inside the new transaction: rolled back, it leaves nothing. Run on the old connection it
    /// would have been committed on its own.
    /// </summary>
    [Fact]
    public async Task KeptInsert_AfterTheNativeConnectionChanged_RunsInTheNewTransaction()
    {
        await using var db = Context();
        await db.Database.OpenConnectionAsync();
        await WriteAsync(db, commit: true);
        var native = Native(db);
        Assert.NotNull(native);
        await db.Database.CloseConnectionAsync();

        SqliteConnection.ClearAllPools();
        await using (var tx = await db.BeginWriteAsync(CancellationToken.None))
        {
            Assert.NotSame(native, Native(db));
            await db.InsertAsync([Admission()], CancellationToken.None);
        }

        await using var reader = Context();
        Assert.Equal(1, await reader.Set<AdmissionRow>().CountAsync());
    }

    [Fact]
    public async Task KeptRead_SeesEveryCommittedRow_AcrossTransactionsAndReopenedConnections()
    {
        await using var db = Context();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await WriteAsync(db, commit: true));
            if (i == 1)
            {
                SqliteConnection.ClearAllPools();
            }

            var read = await db.ReadWhereInAsync<AdmissionRow>(nameof(AdmissionRow.Id), ids, CancellationToken.None);
            Assert.Equal(ids.Order(), read.Select(a => a.Id).Order());
        }

        await WriteAsync(db, commit: false);
        Assert.Equal(3, (await db.ReadWhereInAsync<AdmissionRow>(nameof(AdmissionRow.MemberId), ["M-T"], CancellationToken.None)).Count);
    }

    /// <summary>
    /// A kept command, done reading, holds no read transaction on the connection that stays open: else the log could
    /// never be checkpointed to its end and started again (a truncating checkpoint reports itself busy).
    /// </summary>
    [Fact]
    public async Task KeptRead_HoldsNoReadTransaction_BetweenUses()
    {
        await using var db = Context();
        await db.Database.OpenConnectionAsync();
        var id = await WriteAsync(db, commit: true);
        Assert.Single(await db.ReadWhereInAsync<AdmissionRow>(nameof(AdmissionRow.Id), [id], CancellationToken.None));
        await WriteAsync(db, commit: true);

        await using var checkpointer = Context();
        await checkpointer.Database.OpenConnectionAsync();
        await using var command = checkpointer.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(0, reader.GetInt64(0));
    }

    private static async Task<string> WriteAsync(HealthDbContext db, bool commit)
    {
        var admission = Admission();
        await using var tx = await db.BeginWriteAsync(CancellationToken.None);
        await db.InsertAsync([admission], CancellationToken.None);
        if (commit)
        {
            await tx.CommitAsync(CancellationToken.None);
        }

        return admission.Id;
    }

    private static object? Native(HealthDbContext db) => ((SqliteConnection)db.Database.GetDbConnection()).Handle;

    private sealed class Item : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
