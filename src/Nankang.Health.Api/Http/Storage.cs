using System.Reflection;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Settlements.BatchStore;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.BatchStore;
using Nankang.Health.Persistence.PostgreSql;
using Nankang.Health.Persistence.Sqlite;
using Nankang.Health.Persistence.Sqlite.GroupCommit;
using Nankang.Health.Persistence.SqlServer;

namespace Nankang.Health.Api.Http;

/// <summary>Database provider, connection, personal-data key, and the start-up migration.</summary>
public static class Storage
{
    /// <summary>True while the build generates the OpenAPI document by running Program: no database, no files then.</summary>
    public static bool IsBuildTimeDocumentGeneration => Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <remarks>
    /// Configuration is read when the services are first resolved, not while they are registered, so that settings added
    /// after Program's registrations (test hosts, <c>WebApplicationFactory</c>) decide the provider and the connection.
    /// </remarks>
    public static IServiceCollection AddHealthStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(_ => IsBuildTimeDocumentGeneration ? SqliteCheckpointSettings.Off : SqliteCheckpointSettings.From(configuration));
        services.AddSingleton<IStoreProvider>(sp => (configuration["Database:Provider"] ?? "Sqlite").ToUpperInvariant() switch
        {
            "SQLITE" => new SqliteStoreProvider(
                autoCheckpointPages: sp.GetRequiredService<SqliteCheckpointSettings>().AutoCheckpointPages,
                busyTimeoutMs: Math.Max(0, configuration.GetValue("Database:BusyTimeoutMs", 5000))),
            "POSTGRESQL" => new PostgreSqlStoreProvider(),
            "SQLSERVER" => new SqlServerStoreProvider(),
            var other => throw new InvalidOperationException($"Database:Provider '{other}' is not one of Sqlite, PostgreSql, SqlServer."),
        });
        services.AddDbContext<HealthDbContext>((sp, o) =>
        {
            var provider = sp.GetRequiredService<IStoreProvider>();
            provider.Configure(o, ConnectionString(configuration, environment, provider));
            o.AddInterceptors(new AppendOnlyAuditInterceptor());
        });
        services.AddScoped<IHealthStore>(sp => sp.GetRequiredService<HealthDbContext>());
        services.AddScoped<ISettlementBatchStore>(sp => new SettlementBatchStore(sp.GetRequiredService<HealthDbContext>()));
        services.AddSingleton(sp => new PersonalDataProtector(
            PersonalDataKey(configuration, environment, sp.GetRequiredService<ILoggerFactory>()), PreviousPersonalDataKeys(configuration)));
        return services;
    }

    private static string ConnectionString(IConfiguration configuration, IHostEnvironment environment, IStoreProvider provider)
    {
        var connectionString = configuration.GetConnectionString("Health");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        if (provider is not SqliteStoreProvider)
        {
            throw new InvalidOperationException($"ConnectionStrings:Health is required for {provider.Name}.");
        }

        // Made owner-only when missing here (this runs for every context); an existing one is made so at start-up.
        var directory = DataDirectory(configuration, environment);
        if (!IsBuildTimeDocumentGeneration && !Directory.Exists(directory))
        {
            OwnerOnlyDirectory(directory);
        }

        return $"Data Source={Path.Combine(directory, "nankang-health.db")}";
    }

    /// <summary>
    /// Where the embedded database and the generated key live when nothing is configured: <c>Storage:DataDirectory</c>,
    /// by default <c>data/</c> under the content root.
    /// </summary>
    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Storage:DataDirectory"] is { Length: > 0 } configured ? configured : Path.Combine(environment.ContentRootPath, "data");

    /// <summary>Creates the directory owner-only (0700), or makes an existing one so: it holds personal data or keys.</summary>
    public static void OwnerOnlyDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, Hardening.OwnerDirectory);
        File.SetUnixFileMode(directory, Hardening.OwnerDirectory);
    }

    /// <summary>
    /// <c>Security:PersonalDataKey</c> (base64 of 32 bytes), or else a key generated once and kept in <c>keys/</c> of the
    /// data directory, apart from the database (a copy of the database directory's files is not also a copy of the key), in
    /// a 0700 directory as a 0600 file; a warning says production must set it. A key generated by an earlier version beside
    /// the database is moved there. Never refuses to start for want of it.
    /// </summary>
    private static byte[] PersonalDataKey(IConfiguration configuration, IHostEnvironment environment, ILoggerFactory loggers)
    {
        var configured = configuration[PersonalDataKeys.Current];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return PersonalDataKeys.Parse(configured, PersonalDataKeys.Current);
        }

        var logger = loggers.CreateLogger("Nankang.Health.Security");
        if (IsBuildTimeDocumentGeneration)
        {
            return new byte[32];
        }

        var data = DataDirectory(configuration, environment);
        var keys = Path.Combine(data, "keys");
        var path = Path.Combine(keys, "personal-data.key");
        OwnerOnlyDirectory(data);
        OwnerOnlyDirectory(keys);
        var beside = Path.Combine(data, "personal-data.key");
        if (!File.Exists(path) && File.Exists(beside))
        {
            File.Move(beside, path);
        }

        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = Hardening.OwnerFile;
            }

            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Hardening.OwnerFile);
        }

        logger.LogWarning("Security:PersonalDataKey is not set; using the generated key in {Path}. Production must set it.", path);
        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }

    /// <summary><c>Security:PreviousPersonalDataKeys</c>: the keys of earlier rotations, still accepted for reading (README, "Personal data").</summary>
    public static IReadOnlyList<byte[]> PreviousPersonalDataKeys(IConfiguration configuration) =>
        PersonalDataKeys.ParseAll(configuration.GetSection(PersonalDataKeys.Previous).GetChildren().Select(c => (c.Path, c.Value)));

    /// <summary>Applies pending migrations of the configured provider and, when asked, loads the demo registry.</summary>
    public static async Task MigrateAsync(this WebApplication app)
    {
        if (IsBuildTimeDocumentGeneration)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthDbContext>();
        if (string.IsNullOrWhiteSpace(app.Configuration.GetConnectionString("Health")) && db.Database.IsSqlite())
        {
            OwnerOnlyDirectory(DataDirectory(app.Configuration, app.Environment));
        }

        Hardening.ProtectSqliteFiles(db, migrated: false);
        await scope.ServiceProvider.GetRequiredService<IStoreProvider>().MigrateAsync(db, CancellationToken.None);
        Hardening.ProtectSqliteFiles(db, migrated: true);
        if (app.Configuration.GetValue<bool>("Demo:Seed"))
        {
            await DemoData.SeedAsync(db, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>(), TimeProvider.System);
            if (app.Environment.IsDevelopment())
            {
                await DemoData.SeedUsersAsync(db, TimeProvider.System);
            }
        }
    }
}
