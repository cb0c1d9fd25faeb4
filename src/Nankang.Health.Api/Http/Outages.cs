using Microsoft.Data.Sqlite;
using Npgsql;

namespace Nankang.Health.Api.Http;

/// <summary>What kind of outage stopped a request: the caller may retry each after <see cref="RetryAfterSeconds"/>.</summary>
public enum OutageCause
{
    /// <summary>The database cannot be reached: stopped, restarting, renamed, the network or the file gone.</summary>
    DatabaseUnavailable,

    /// <summary>The database has no room left: the disk, or a configured size limit, is full.</summary>
    DiskFull,

    /// <summary>The database is held by someone else longer than the service waits (<c>Database:BusyTimeoutMs</c>).</summary>
    Busy,
}

/// <summary>
/// Tells an outage — a database that is away, full or busy — from a fault of the service, so it is answered 503 with
/// <c>Retry-After</c> and a problem naming the cause instead of a bare 500. The transaction of the failed request rolled
/// back (nothing is half-written), and the next request opens a new connection, so the service recovers by itself when
/// the database returns. Only what the database or its driver report as such counts: a constraint violation or a bad
/// statement stays a 500.
/// </summary>
public static class Outages
{
    public const int RetryAfterSeconds = 5;

    /// <summary>The cause of the outage behind <paramref name="exception"/> (or an exception it wraps); null when it is none.</summary>
    public static OutageCause? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode switch
                    {
                        5 or 6 => OutageCause.Busy, // SQLITE_BUSY, SQLITE_LOCKED
                        13 => OutageCause.DiskFull, // SQLITE_FULL
                        10 or 14 or 26 => OutageCause.DatabaseUnavailable, // SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_NOTADB
                        _ => null,
                    };
                case PostgresException postgres:
                    return postgres.SqlState switch
                    {
                        "53100" => OutageCause.DiskFull, // disk_full
                        "53300" or "55P03" or "57014" => OutageCause.Busy, // too_many_connections, lock_not_available, query_canceled
                        "3D000" or "55000" or "57P01" or "57P02" or "57P03" => OutageCause.DatabaseUnavailable, // no database, not accepting, shutdown
                        "25006" => OutageCause.DatabaseUnavailable, // read_only_sql_transaction: a standby, or the old primary after a failover
                        var state when state.StartsWith("08", StringComparison.Ordinal) => OutageCause.DatabaseUnavailable, // connection_exception
                        _ => null,
                    };
                case NpgsqlException:
                    // Not from the server: the connection could not be made or broke (socket, TLS, end of stream, timeout).
                    return e.InnerException is PostgresException ? Classify(e.InnerException) : OutageCause.DatabaseUnavailable;
                case InvalidOperationException when e.Message.Contains("connection pool has been exhausted", StringComparison.Ordinal):
                    return OutageCause.Busy;
            }
        }

        return null;
    }

    public static string Title(OutageCause cause) => cause switch
    {
        OutageCause.DiskFull => "The database is full.",
        OutageCause.Busy => "The database is busy.",
        _ => "The database is unavailable.",
    };

    /// <summary>The <c>cause</c> member of the problem: <c>databaseUnavailable</c>, <c>diskFull</c> or <c>busy</c>.</summary>
    public static string Name(OutageCause cause) => cause switch
    {
        OutageCause.DiskFull => "diskFull",
        OutageCause.Busy => "busy",
        _ => "databaseUnavailable",
    };
}
