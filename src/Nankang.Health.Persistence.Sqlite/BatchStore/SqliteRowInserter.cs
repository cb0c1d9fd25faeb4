using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Persistence.BatchStore;
using SQLitePCL;

namespace Nankang.Health.Persistence.Sqlite.BatchStore;

/// <summary>
/// Inserts and updates rows through SQLite's own API: the single-row statement is prepared once per context and native
/// connection (<see cref="HealthDbContext.Prepared"/>), and its parameters bound by position. Microsoft.Data.Sqlite binds
/// every parameter by name, and SQLite finds a name by a linear scan of the statement's parameters, so for rows of 40
/// columns the name lookups alone were the largest single cost of the settle path (perf/README.md). Values are bound
/// exactly as Microsoft.Data.Sqlite and EF Core store them: integers (enums, booleans), text (strings,
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> date-times, <c>yyyy-MM-dd</c> dates), reals, null.
/// </summary>
internal sealed class SqliteRowInserter : IRowInserter
{
    public Task<int> RunAsync(HealthDbContext context, RowStatement table, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = (SqliteConnection)context.Database.GetDbConnection();
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var statement = context.Prepared.Get(table.Sql, s => s.Db == db, () => Prepare(db, table.Sql)).Statement;
        var changed = 0;
        try
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    Check(db, Bind(statement, i + 1, table.Columns[i].ProviderValue(row), table, i));
                }

                var rc = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(db, rc);
                }

                changed += raw.sqlite3_changes(db);
            }
        }
        finally
        {
            // A kept statement holds no text of the last row, nor anything else between batches.
            raw.sqlite3_clear_bindings(statement);
        }

        return Task.FromResult(changed);
    }

    private static Prepared Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return new Prepared(db, statement);
    }

    /// <summary>A statement and the native connection it was prepared on (a pooled connection may come back as another one).</summary>
    private sealed record Prepared(sqlite3 Db, sqlite3_stmt Statement) : IDisposable
    {
        public void Dispose() => Statement.Dispose();
    }

    private static int Bind(sqlite3_stmt statement, int index, object? value, RowStatement table, int column) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        Enum e => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
        DateTime at => raw.sqlite3_bind_text(statement, index, at.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateOnly day => raw.sqlite3_bind_text(statement, index, day.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
        double real => raw.sqlite3_bind_double(statement, index, real),
        _ => throw new NotSupportedException($"{table.Table}.{table.Columns[column].Name}: no SQLite binding for {value.GetType().Name}."),
    };

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
        }
    }
}
