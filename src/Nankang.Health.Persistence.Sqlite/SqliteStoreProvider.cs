using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Persistence.Sqlite;

/// <summary>
/// SQLite, the embedded default. One writer at a time: a write takes an in-process gate and then the database's write
/// lock (BEGIN IMMEDIATE) before it reads anything, so the writes of a member are serialized; other processes wait on
/// the busy timeout. Every connection runs with WAL and synchronous=FULL: an acknowledged write is on disk.
/// </summary>
public sealed class SqliteStoreProvider : IStoreProvider
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Name => "Sqlite";

    public void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(SqliteStoreProvider).Assembly.GetName().Name))
            .AddInterceptors(new PragmaInterceptor());

    public async Task<IWriteTransaction> BeginWriteAsync(DbContext context, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Microsoft.Data.Sqlite starts a non-deferred transaction with BEGIN IMMEDIATE: the write lock is taken now.
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            return new WriteTransaction(transaction, () => _gate.Release());
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    public Task LockMemberYearAsync(DbContext context, string memberId, int year, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One row per statement: SQLite finds a named parameter by a linear scan, so a multi-row statement's binding grows with
    /// the square of its parameters; a prepared single-row statement run once per row is cheaper (perf/README.md).
    /// </summary>
    public int RowsPerInsert => 1;

    public bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    /// <summary>
    /// Sets the per-connection pragmas once per SQLite connection. Microsoft.Data.Sqlite pools the native connections, so
    /// an opened <see cref="SqliteConnection"/> usually wraps one already set up: it is remembered by its native handle.
    /// </summary>
    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        private static readonly ConditionalWeakTable<object, object> Prepared = [];
        private static readonly object Done = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (IsNew(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (IsNew(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private static bool IsNew(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || Prepared.TryAdd(handle, Done);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for SQLite.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<HealthDbContext>
{
    public HealthDbContext CreateDbContext(string[] args)
    {
        var provider = new SqliteStoreProvider();
        var options = new DbContextOptionsBuilder<HealthDbContext>();
        provider.Configure(options, "Data Source=design.db");
        return new HealthDbContext(options.Options, provider);
    }
}
