using System.Reflection;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.PostgreSql;
using Nankang.Health.Persistence.Sqlite;
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
        services.AddSingleton<IStoreProvider>(_ => (configuration["Database:Provider"] ?? "Sqlite").ToUpperInvariant() switch
        {
            "SQLITE" => new SqliteStoreProvider(autoCheckpointPages: SqliteCheckpoints.AutoCheckpointPages(configuration)),
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

        if (!IsBuildTimeDocumentGeneration)
        {
            Directory.CreateDirectory(DataDirectory(environment));
        }

        return $"Data Source={Path.Combine(DataDirectory(environment), "nankang-health.db")}";
    }

    /// <summary>Where the embedded database and the generated key live when nothing is configured.</summary>
    public static string DataDirectory(IHostEnvironment environment) => Path.Combine(environment.ContentRootPath, "data");

    /// <summary>
    /// <c>Security:PersonalDataKey</c> (base64 of 32 bytes), or else a key generated once and kept beside the data with
    /// owner-only permissions; a warning says production must set it. Never refuses to start for want of it.
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

        var path = Path.Combine(DataDirectory(environment), "personal-data.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
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
        await db.Database.MigrateAsync();
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
