using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Persistence;

namespace Nankang.Health.Api.Http;

/// <summary>
/// What the service does to be safe to put on a network and a disk: answers that do not let a browser sniff or a proxy
/// keep them, files of personal data readable by the service's user alone, and every key warning said at start-up.
/// </summary>
public static class Hardening
{
    /// <summary>Owner read and write: the database files and the generated key file.</summary>
    public const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner only: the directories the service makes for them.</summary>
    public const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// <c>X-Content-Type-Options: nosniff</c> and <c>Cache-Control: no-store</c> on every answer (most carry personal data
    /// or money; none is worth caching), set as the answer starts so error answers carry them too.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    });

    /// <summary>
    /// Resolves what holds the keys (the personal-data key, the API keys) at start-up, so each warning about a missing or
    /// clear-text key is logged once now rather than at the first request that needs it.
    /// </summary>
    public static void ReadKeysAtStart(this WebApplication app)
    {
        if (Storage.IsBuildTimeDocumentGeneration)
        {
            return;
        }

        app.Services.GetRequiredService<PersonalDataProtector>();
        app.Services.GetRequiredService<ApiKeyRegistry>();
    }

    /// <summary>
    /// Makes a SQLite database file and its log and shared-memory files owner-only, once migrated (SQLite gives the log files
    /// it makes later the database file's permissions). A missing directory of it is made owner-only first.
    /// </summary>
    public static void ProtectSqliteFiles(HealthDbContext db, bool migrated)
    {
        if (OperatingSystem.IsWindows() || !db.Database.IsSqlite())
        {
            return;
        }

        var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!migrated && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerDirectory);
        }

        foreach (var file in new[] { path, $"{path}-wal", $"{path}-shm", $"{path}-journal" })
        {
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, OwnerFile);
            }
        }
    }
}
