using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Nankang.Health.Persistence.BatchStore;
using Microsoft.EntityFrameworkCore.Storage;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence.GroupCommit;

namespace Nankang.Health.Persistence;

/// <summary>The parts of storage that differ by database provider.</summary>
public interface IStoreProvider
{
    /// <summary>The value of <c>Database:Provider</c> this provider answers to.</summary>
    string Name { get; }

    /// <summary>Configures the context for this provider, with its own migrations assembly.</summary>
    void Configure(DbContextOptionsBuilder options, string connectionString);

    /// <summary>See <see cref="IHealthStore.BeginWriteAsync"/>: the ledger gate is held shared for the transaction.</summary>
    Task<IWriteTransaction> BeginWriteAsync(DbContext context, CancellationToken cancellationToken);

    /// <summary>See <see cref="IHealthStore.BeginMonthCloseAsync"/>: the ledger gate is held alone for the transaction.</summary>
    Task<IWriteTransaction> BeginMonthCloseAsync(DbContext context, CancellationToken cancellationToken);

    Task LockMemberYearAsync(DbContext context, string memberId, int year, CancellationToken cancellationToken);

    /// <summary>See <see cref="HealthDbContext.DeferCommitSyncAsync"/>; by default null (commits are durable when they return).</summary>
    Task<ICommitSync?> DeferCommitSyncAsync(DbContext context, CancellationToken cancellationToken) => Task.FromResult<ICommitSync?>(null);

    /// <summary>
    /// <see cref="BeginWriteAsync(DbContext, CancellationToken)"/>, then the member-years locked in ascending order of their
    /// lock keys (one by one unless the provider can do better).
    /// </summary>
    async Task<IWriteTransaction> BeginWriteAsync(DbContext context, IReadOnlyCollection<(string MemberId, int Year)> memberYears, CancellationToken cancellationToken)
    {
        var transaction = await BeginWriteAsync(context, cancellationToken);
        try
        {
            foreach (var (memberId, year) in memberYears.DistinctBy(LockKeys.MemberYear).OrderBy(LockKeys.MemberYear))
            {
                await LockMemberYearAsync(context, memberId, year, cancellationToken);
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    bool IsUniqueViolation(DbUpdateException exception);

    /// <summary>
    /// Applies pending migrations, serialized across processes (several API nodes starting together on an empty
    /// database): a server lock on PostgreSQL and SQL Server, a lock file beside the database on SQLite.
    /// </summary>
    Task MigrateAsync(DbContext context, CancellationToken cancellationToken) => context.Database.MigrateAsync(cancellationToken);

    /// <summary>
    /// A condition true for the rows whose columns <paramref name="first"/> and <paramref name="second"/> (delimited names)
    /// equal one of the pairs in parameter <c>{0}</c>, a JSON array of two-string arrays; it must let the database find the
    /// rows through an index on the two columns.
    /// </summary>
    string PairFilter(string first, string second);

    /// <summary>
    /// A condition true for the rows whose column <paramref name="column"/> (a delimited name) equals one of the strings
    /// in parameter <c>{0}</c> (<see cref="ListParameter"/>); it must let the database find the rows through an index on the column.
    /// </summary>
    string ListFilter(string column);

    /// <summary>The value of <see cref="ListFilter"/>'s parameter for <paramref name="values"/>: a JSON array unless the provider has arrays.</summary>
    object ListParameter(IReadOnlyList<string> values) => System.Text.Json.JsonSerializer.Serialize(values);

    /// <summary>The provider's own statement runner for the row writer, when it has a faster one than ADO.NET parameters.</summary>
    IRowInserter? RowInserter => null;
}

/// <summary>A write transaction over EF Core's, with an optional release run after it ends (e.g. an in-process gate).</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, Action? release = null) : IWriteTransaction
{
    private bool _released;

    /// <summary>
    /// Begins a READ COMMITTED transaction and runs <paramref name="locks"/> in it before any other statement (the ledger
    /// gate first, then any member-year locks); the transaction is disposed if they fail.
    /// </summary>
    public static async Task<IWriteTransaction> BeginLockedAsync(DbContext context, FormattableString locks, CancellationToken cancellationToken)
    {
        var transaction = await context.Database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            await context.Database.ExecuteSqlAsync(locks, cancellationToken);
            return new WriteTransaction(transaction);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            if (!_released)
            {
                _released = true;
                release?.Invoke();
            }
        }
    }
}

/// <summary>Migrations under a session-owned lock of the server, so that concurrent start-ups migrate one after another.</summary>
public static class SerializedMigration
{
    /// <summary>
    /// Creates the database if missing (a concurrent creator winning is fine), then holds one connection open: takes
    /// <paramref name="acquire"/>, migrates (a later process finds nothing pending), runs <paramref name="release"/>.
    /// Without the lock two processes both create EF's history table and the schema, and one fails (PostgreSQL 42P07).
    /// </summary>
    public static async Task MigrateAsync(DbContext context, FormattableString acquire, FormattableString release, CancellationToken cancellationToken)
    {
        var creator = context.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (DbException)
            {
                if (!await creator.ExistsAsync(cancellationToken))
                {
                    throw;
                }
            }
        }

        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await context.Database.ExecuteSqlAsync(acquire, cancellationToken);
            try
            {
                await context.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await context.Database.ExecuteSqlAsync(release, CancellationToken.None);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>A stable 64-bit key for a member-year, for advisory and application locks; the ledger gate's key.</summary>
public static class LockKeys
{
    /// <summary>
    /// The ledger gate's PostgreSQL advisory key, in the two-integer key space, which never meets the one-bigint space of
    /// the member-year keys; on SQL Server the application lock <see cref="LedgerGateResource"/>.
    /// </summary>
    public const int LedgerGateClass = 0x4E4B, LedgerGateId = 1;

    public const string LedgerGateResource = "ledger-gate";

    /// <summary>The migrations' lock: PostgreSQL advisory key (<see cref="LedgerGateClass"/>, 2); SQL Server application lock.</summary>
    public const int MigrationsId = 2;

    public const string MigrationsResource = "migrations";

    public static long MemberYear((string MemberId, int Year) memberYear) => MemberYear(memberYear.MemberId, memberYear.Year);

    public static long MemberYear(string memberId, int year)
    {
        // FNV-1a over the UTF-16 code units: stable across processes and runs (string.GetHashCode is not).
        var hash = 14695981039346656037UL;
        foreach (var c in $"{memberId}|{year}")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
