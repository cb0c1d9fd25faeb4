using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Nankang.Health.Persistence;

/// <summary>
/// An online copy of an embedded (SQLite) database: <c>VACUUM INTO</c> writes a consistent, compacted copy of one read
/// transaction's snapshot to a new file while writers go on (in WAL mode readers never block them). PostgreSQL is
/// backed up with its own tools (<c>pg_dump</c>; docs/operations.md).
/// </summary>
public static class OnlineBackup
{
    public static async Task SqliteAsync(HealthDbContext db, string target, CancellationToken ct)
    {
        if (db.Database.ProviderName != "Microsoft.EntityFrameworkCore.Sqlite")
        {
            throw new NotSupportedException("nankang backup copies SQLite databases; back PostgreSQL up with pg_dump (docs/operations.md).");
        }

        if (File.Exists(target))
        {
            throw new IOException($"{target} exists; a backup never overwrites a file.");
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "VACUUM INTO $target";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$target";
            parameter.Value = Path.GetFullPath(target);
            command.Parameters.Add(parameter);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (!OperatingSystem.IsWindows())
        {
            // The copy holds the same personal data as the database: owner-only, as the service keeps its own files.
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
