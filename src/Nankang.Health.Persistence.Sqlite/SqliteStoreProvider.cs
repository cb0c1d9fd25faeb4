using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence.GroupCommit;
using Nankang.Health.Persistence.BatchStore;
using Nankang.Health.Persistence.Sqlite.BatchStore;
using Nankang.Health.Persistence.Sqlite.GroupCommit;

namespace Nankang.Health.Persistence.Sqlite;

/// <summary>
/// SQLite, the embedded default. One writer at a time: a write takes an in-process gate and then the database's write
/// lock (BEGIN IMMEDIATE) before it reads anything, so the writes of a member are serialized; other processes wait on
/// the busy timeout. Every connection runs with WAL and synchronous=FULL, except the settlement writer's, whose commits
/// the writer syncs itself before it answers (<see cref="SqliteLogSync"/>): an acknowledged write is on disk.
/// </summary>
/// <param name="mmapBytes">
/// How much of the database file connections read through a memory map (<c>PRAGMA mmap_size</c>) instead of a system call
/// per page: the service maps up to 1 GiB (<see cref="ServiceMmapBytes"/>); a batch tool that streams a whole database and
/// must keep a small working set passes 0.
/// </param>
/// <param name="autoCheckpointPages">
/// <c>PRAGMA wal_autocheckpoint</c>: the commit that takes the write-ahead log past this many pages copies it into the
/// database itself (default 16,384 pages, 64 MiB). A service whose background checkpointer (<see cref="CheckpointAsync"/>)
/// restarts the log sets it above that checkpointer's threshold, so that it is only a safety net.
/// </param>
/// <param name="busyTimeoutMs">
/// How long a statement waits for a lock another process holds (<c>PRAGMA busy_timeout</c>, <c>Database:BusyTimeoutMs</c>,
/// default 5 s) before it fails with SQLITE_BUSY, which the service answers 503.
/// </param>
public sealed class SqliteStoreProvider(long mmapBytes = SqliteStoreProvider.ServiceMmapBytes, long autoCheckpointPages = 16_384, int busyTimeoutMs = 5000) : IStoreProvider
{
    public const long ServiceMmapBytes = 1L << 30;

    private readonly SemaphoreSlim _gate = new(1, 1);

    // Released when a write transaction of this provider ends: the background checkpointer sleeps on it.
    private readonly SemaphoreSlim _written = new(0, 1);

    // One for every context this provider configures: it remembers which native connections already have its pragmas.
    private readonly PragmaInterceptor _pragmas = new(mmapBytes, autoCheckpointPages, busyTimeoutMs);

    private readonly Lock _databaseFileLock = new();
    private SafeFileHandle? _databaseFile;
    private long _lastCopied;

    public string Name => "Sqlite";

    /// <remarks>
    /// Microsoft.Data.Sqlite retries a busy statement until the command timeout has passed, each try waiting the busy
    /// timeout inside SQLite (30 s each by default: a held lock kept a caller 60–75 s). A command timeout of one second
    /// leaves the wait at about the busy timeout.
    /// </remarks>
    public void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(
                new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 1 }.ToString(),
                o => o.MigrationsAssembly(typeof(SqliteStoreProvider).Assembly.GetName().Name).CommandTimeout(1))
            .AddInterceptors(_pragmas);

    public async Task<IWriteTransaction> BeginWriteAsync(DbContext context, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Microsoft.Data.Sqlite starts a non-deferred transaction with BEGIN IMMEDIATE: the write lock is taken now.
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            return new WriteTransaction(transaction, () =>
            {
                Written();
                _gate.Release();
            });
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>Every write already holds the database's write lock alone, so a month's close needs nothing more.</summary>
    public Task<IWriteTransaction> BeginMonthCloseAsync(DbContext context, CancellationToken cancellationToken) =>
        BeginWriteAsync(context, cancellationToken);

    /// <summary>The write lock already serializes every member-year: nothing more to lock.</summary>
    public Task<IWriteTransaction> BeginWriteAsync(DbContext context, IReadOnlyCollection<(string MemberId, int Year)> memberYears, CancellationToken cancellationToken) =>
        BeginWriteAsync(context, cancellationToken);

    /// <summary>The connection's log synced by its owner (<see cref="SqliteLogSync"/>); null for a database without a log file.</summary>
    public Task<ICommitSync?> DeferCommitSyncAsync(DbContext context, CancellationToken cancellationToken) =>
        Task.FromResult<ICommitSync?>(SqliteLogSync.Start((SqliteConnection)context.Database.GetDbConnection()));

    public Task LockMemberYearAsync(DbContext context, string memberId, int year, CancellationToken cancellationToken) => Task.CompletedTask;

    public IRowInserter? RowInserter { get; } = new SqliteRowInserter();

    /// <summary>
    /// Copies the committed part of the write-ahead log into the database and makes it durable, off the writer's path, on
    /// the context's connection (the background checkpointer's own). Once the log holds <paramref name="restartFrames"/>
    /// pages or more, it also lets the writer start the log again from the beginning.
    /// </summary>
    /// <remarks>
    /// <para>
    /// First a <c>PRAGMA wal_checkpoint(PASSIVE)</c>, which neither waits for nor blocks the writer. SQLite syncs the
    /// database file only when a checkpoint has copied the log up to its end as it stands when the copy finishes, which
    /// behind a busy writer it seldom has (even when it reports every page copied: it counts the log as it was when it
    /// began). So whenever it copied something, the file is synced here, through a handle of this provider's own. That
    /// sync is for speed only: the log keeps every page until SQLite's own sync, which precedes any restart of the log.
    /// </para>
    /// <para>
    /// A log restarts only when a write transaction begins with every page of it copied, and behind a busy writer that
    /// happened only after the writer's own automatic checkpoint: inside a commit, with one fsync of every page copied since
    /// the last one (25–50 ms, every half second at 2,500 settlements/s; perf/README.md). So, once the log holds
    /// <paramref name="restartFrames"/> pages, a second passive checkpoint runs while holding the writers' gate: it has
    /// only the pages committed during the first one to copy and sync, and the next write transaction restarts the log.
    /// </para>
    /// </remarks>
    public async Task CheckpointAsync(DbContext context, long restartFrames, CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();
        var (log, copied) = await PassiveCheckpointAsync(connection, cancellationToken);
        if (copied > 0 && copied != _lastCopied && DatabaseFile(connection.DataSource) is { } file)
        {
            RandomAccess.FlushToDisk(file);
        }

        _lastCopied = copied;

        if (log < restartFrames)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await PassiveCheckpointAsync(connection, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Waits until a write transaction begun with <see cref="BeginWriteAsync"/> has ended since the last call, or
    /// <paramref name="timeout"/> has passed (writes of other connections do not signal); true when one has.
    /// </summary>
    public Task<bool> WaitForWriteAsync(TimeSpan timeout, CancellationToken cancellationToken) => _written.WaitAsync(timeout, cancellationToken);

    // Under the writers' gate, so no other write can signal meanwhile; the checkpointer only takes the signal. Already
    // signalled (the checkpointer has not woken since): nothing to do, and no SemaphoreFullException on every commit.
    private void Written()
    {
        if (_written.CurrentCount == 0)
        {
            _written.Release();
        }
    }

    /// <summary>Pages in the log and pages of it copied into the database (-1 each when the database is not in WAL mode).</summary>
    private static async Task<(long Log, long Copied)> PassiveCheckpointAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// The database file, opened once and never closed: closing any descriptor of a file drops every POSIX lock the process
    /// holds on it, SQLite's included. Null for an in-memory or temporary database.
    /// </summary>
    private SafeFileHandle? DatabaseFile(string path)
    {
        lock (_databaseFileLock)
        {
            if (_databaseFile is null && Path.IsPathFullyQualified(path) && File.Exists(path))
            {
                _databaseFile = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }

            return _databaseFile;
        }
    }

    /// <summary>A row-value IN over <c>json_each</c>: SQLite searches the two-column index once per pair.</summary>
    public string PairFilter(string first, string second) =>
        $"({first}, {second}) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each({{0}}))";

    public string ListFilter(string column) => $"{column} IN (SELECT value FROM json_each({{0}}))";

    public bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    /// <summary>
    /// Migrates under an exclusive lock on a file beside the database (<c>DB-migrations.lock</c>, owner-only), so that
    /// processes or contexts starting together take turns: otherwise a later one can wait for the first one's schema
    /// longer than the busy timeout and fail with "database is locked". A database in memory needs no lock.
    /// </summary>
    public async Task MigrateAsync(DbContext context, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(context.Database.GetConnectionString());
        var path = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.Ordinal))
        {
            await context.Database.MigrateAsync(cancellationToken);
            return;
        }

        await using var gate = await LockFileAsync($"{Path.GetFullPath(path)}-migrations.lock", cancellationToken);
        await context.Database.MigrateAsync(cancellationToken);
    }

    // FileShare.None is an exclusive advisory lock (flock) on Unix: another holder, in this process or another, makes the
    // open fail until it closes the file.
    private static async Task<FileStream> LockFileAsync(string path, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        while (true)
        {
            try
            {
                return new FileStream(path, options);
            }
            catch (IOException) when (File.Exists(path))
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Sets the per-connection pragmas once per SQLite connection. Microsoft.Data.Sqlite pools the native connections, so
    /// an opened <see cref="SqliteConnection"/> usually wraps one already set up: it is remembered by its native handle.
    /// </summary>
    private sealed class PragmaInterceptor(long mmapBytes, long autoCheckpointPages, int busyTimeoutMs) : DbConnectionInterceptor
    {
        // cache_size 16 MiB of pages per connection (SQLite's default is 2 MiB) and mmap_size: the hot index pages are not
        // read back through a system call on every settlement (pread was 9 % of the server's CPU under load). A larger page
        // cache costs more than it saves: SQLite scans its page hash at every commit (perf/README.md).
        // wal_autocheckpoint (see the constructor): 16,384 pages (64 MiB) by default instead of SQLite's 1,000, so a page
        // that many commits change is copied (and the database synced) once per checkpoint rather than every few commits.
        private readonly string _pragmas =
            $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout={busyTimeoutMs}; PRAGMA foreign_keys=ON; " +
            $"PRAGMA cache_size=-16384; PRAGMA mmap_size={mmapBytes}; PRAGMA wal_autocheckpoint={autoCheckpointPages};";

        private static readonly object Done = new();
        private readonly ConditionalWeakTable<object, object> _prepared = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (IsNew(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (IsNew(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private bool IsNew(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || _prepared.TryAdd(handle, Done);
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
