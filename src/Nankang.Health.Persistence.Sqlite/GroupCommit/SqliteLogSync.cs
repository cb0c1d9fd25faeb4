using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using Nankang.Health.Persistence.GroupCommit;

namespace Nankang.Health.Persistence.Sqlite.GroupCommit;

/// <summary>
/// The write-ahead log of one connection, synced by its owner after commits instead of by SQLite at each commit.
/// </summary>
/// <remarks>
/// <para>
/// The connection runs at synchronous=NORMAL: SQLite writes the log at commit without syncing it, and still syncs the log
/// before a checkpoint copies it into the database (and the database after). <see cref="Sync"/> then does what FULL does
/// at each commit, an <c>fsync</c> of the log. The log is appended in commit order, so one sync makes every earlier commit
/// durable, and a crash before it loses a suffix of commits, never a commit without the ones before it. Other connections
/// keep FULL; their commits sync the log too, this connection's earlier commits with it.
/// </para>
/// <para>
/// Disposing sets the connection back to FULL before it returns to Microsoft.Data.Sqlite's pool, where a later context would
/// get it with its pragmas as they are; when that is not certain (the connection closed or failed), the pool is cleared.
/// </para>
/// </remarks>
internal sealed class SqliteLogSync : ICommitSync
{
    private readonly SqliteConnection _connection;
    private readonly SafeFileHandle _log;

    private SqliteLogSync(SqliteConnection connection, SafeFileHandle log) => (_connection, _log) = (connection, log);

    /// <summary>
    /// Null for a database without a log file: in memory, temporary, or not in WAL mode. Synchronous, as every call of
    /// Microsoft.Data.Sqlite is underneath (its asynchronous methods complete before they return), so that disposing can
    /// use the same helper.
    /// </summary>
    public static SqliteLogSync? Start(SqliteConnection connection)
    {
        var file = (string?)Scalar(connection, "SELECT file FROM pragma_database_list WHERE name = 'main';");
        var mode = (string?)Scalar(connection, "PRAGMA journal_mode;");
        if (string.IsNullOrEmpty(file) || !string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // The log's file stays the same while this connection is open: SQLite deletes it only when the last one closes, and
        // truncates or rewrites it in place otherwise.
        var log = File.OpenHandle($"{file}-wal", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            Scalar(connection, "PRAGMA synchronous=NORMAL;");
            return new SqliteLogSync(connection, log);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    public void Sync() => RandomAccess.FlushToDisk(_log);

    public void Dispose()
    {
        _log.Dispose();
        try
        {
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                Scalar(_connection, "PRAGMA synchronous=FULL;");
                return;
            }
        }
        catch (SqliteException)
        {
            // Not certain the connection is back at FULL: it must not be reused.
        }

        SqliteConnection.ClearPool(_connection);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
