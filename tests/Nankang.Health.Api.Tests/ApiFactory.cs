using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nankang.Health.Api.Tests.Contract;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;
using Npgsql;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The real service in memory on a real database: a fresh SQLite file, or a fresh database on the PostgreSQL server named
/// by <c>NANKANG_TEST_POSTGRES</c> (scripts/test.sh starts one). Several factories may share one database
/// (<see cref="ShareDatabaseWith"/>) to act as several server instances.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string BureauKey = "test-bureau-key";
    public static readonly string[] HospitalIds = ["H-TH-L1", "H-NK-L2", "H-NK-L3", "H-GZ-L3", "H-JX-L3", "H-BJ-L3", "H-PRIV", "H-PRIV-GZ"];
    public static readonly string PersonalDataKey = Convert.ToBase64String(SHA256.HashData("nankang-test-personal-data-key"u8));
    private readonly string? _tempDirectory;
    private readonly string? _postgresDatabase;

    private ApiFactory(Provider provider, string connectionString, string? tempDirectory, string? postgresDatabase)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _tempDirectory = tempDirectory;
        _postgresDatabase = postgresDatabase;
    }

    public Provider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Every log line the service wrote, at the levels its configuration lets through.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The host environment (Testing unless a test asks for another, e.g. Production).</summary>
    public string EnvironmentName { get; set; } = "Testing";

    /// <summary>Extra configuration applied on top of the test defaults (e.g. rate limits).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public static string HospitalKey(string hospitalId) => $"test-key-{hospitalId}";

    public static ApiFactory Create(Provider provider)
    {
        if (provider == Provider.Sqlite)
        {
            var dir = Directory.CreateTempSubdirectory("nankang-test-").FullName;
            return new ApiFactory(provider, $"Data Source={Path.Combine(dir, "health.db")}", dir, null);
        }

        var server = PostgresServer ?? throw new InvalidOperationException("NANKANG_TEST_POSTGRES is not set; run the suite with scripts/test.sh.");
        var database = $"nankang_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {database}";
            command.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = database };
        return new ApiFactory(provider, builder.ConnectionString, null, database);
    }

    /// <summary>A second instance of the service on the same database, as a second server would be.</summary>
    public ApiFactory ShareDatabaseWith() => new(Provider, ConnectionString, null, null);

    public static string? PostgresServer => Environment.GetEnvironmentVariable("NANKANG_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>SQLite always; PostgreSQL when a server is configured (always under scripts/test.sh and in CI).</summary>
    public static TheoryData<Provider> Providers() => [.. ProviderList()];

    public static IReadOnlyList<Provider> ProviderList() =>
        PostgresServer is not null || Environment.GetEnvironmentVariable("NANKANG_REQUIRE_POSTGRES") == "1"
            ? [Provider.Sqlite, Provider.PostgreSql]
            : [Provider.Sqlite];

    public HttpClient Bureau() => Client(BureauKey);

    public HttpClient Hospital(string hospitalId) => Client(HospitalKey(hospitalId));

    /// <summary>A client whose every response is checked against the committed OpenAPI document (<see cref="ContractCheckingHandler"/>).</summary>
    public HttpClient Client(string? apiKey)
    {
        var client = CreateDefaultClient(new ContractCheckingHandler());
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>Runs <paramref name="action"/> against the service's own database context.</summary>
    public async Task<T> WithDb<T>(Func<HealthDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<HealthDbContext>());
    }

    /// <summary>
    /// Row counts of every business table: equal before and after a rejected request means nothing was written. The audit
    /// log is left out on purpose: a refused attempt is recorded there, and audit rows are not business data.
    /// </summary>
    public Task<string> TableCounts() => WithDb(async db =>
    {
        var counts = new[]
        {
            await db.Members.CountAsync(), await db.MemberCategories.CountAsync(), await db.Hospitals.CountAsync(),
            await db.Admissions.CountAsync(), await db.Settlements.CountAsync(), await db.LedgerEntries.CountAsync(),
            await db.Voids.CountAsync(), await db.Accumulators.CountAsync(), await db.IdempotencyKeys.CountAsync(),
        };
        return string.Join(",", counts);
    });

    /// <summary>
    /// The content of every business table (every row of every entity but the audit log, serialized and sorted): equal
    /// before and after a request means it wrote nothing, not even a replacement that keeps the row counts.
    /// </summary>
    public Task<string> Fingerprint() => WithDb(async db =>
    {
        var text = new StringBuilder();
        var rows = typeof(ApiFactory).GetMethod(nameof(RowsOf), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.ClrType != typeof(AuditRow)).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.Append(entity.Name).Append('\n');
            foreach (var row in await (Task<List<string>>)rows.MakeGenericMethod(entity.ClrType).Invoke(null, [db])!)
            {
                text.Append(row).Append('\n');
            }
        }

        return text.ToString();
    });

    private static async Task<List<string>> RowsOf<T>(HealthDbContext db)
        where T : class =>
        [.. (await db.Set<T>().AsNoTracking().ToListAsync()).Select(r => JsonSerializer.Serialize(r)).Order(StringComparer.Ordinal)];

    /// <summary>Registers the golden-case hospitals through the API.</summary>
    public async Task SeedHospitalsAsync()
    {
        using var bureau = Bureau();
        foreach (var (id, h) in GoldenFile.Hospitals)
        {
            var response = await bureau.PutAsJsonAsync($"/api/v1/hospitals/{id}", new { name = h.Name, level = h.Level, region = h.Region, designated = h.Designated });
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>The console (the CI log) shows warnings and worse only, not a line per request; the tests' own provider sees all.</summary>
    internal static ILoggingBuilder QuietConsole(ILoggingBuilder logging) =>
        logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureLogging(logging => QuietConsole(logging.AddProvider(Logs)));

        // UseSetting, not only ConfigureAppConfiguration: Program reads Database:Provider and the connection string while
        // it builds its services, before the factory's configuration callbacks run; settings made here are seen there.
        foreach (var (key, value) in Configuration())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Configuration()));
    }

    private Dictionary<string, string?> Configuration()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Health"] = ConnectionString,
            ["Security:PersonalDataKey"] = PersonalDataKey,
            ["Auth:ApiKeys:0:KeySha256"] = Sha256Hex(BureauKey),
            ["Auth:ApiKeys:0:Role"] = "Bureau",
            ["OpenApi:Enabled"] = "true",
        };
        for (var i = 0; i < HospitalIds.Length; i++)
        {
            settings[$"Auth:ApiKeys:{i + 1}:KeySha256"] = Sha256Hex(HospitalKey(HospitalIds[i]));
            settings[$"Auth:ApiKeys:{i + 1}:Role"] = "Hospital";
            settings[$"Auth:ApiKeys:{i + 1}:HospitalId"] = HospitalIds[i];
        }

        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        if (_tempDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_tempDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finishing request: the OS temp cleaner will take it.
            }
        }

        if (_postgresDatabase is not null && PostgresServer is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)";
            command.ExecuteNonQuery();
        }
    }
}

public enum Provider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Keeps every log line (message and exception) the service writes, for tests that check what is never logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IReadOnlyCollection<(LogLevel Level, string Category, string Text)> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                // The structured values too: a sink that stores them (Seq, Elasticsearch) would keep what the message omits.
                text += " | " + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            }

            capture._lines.Enqueue((logLevel, category, exception is null ? text : $"{text}\n{exception}"));
        }
    }
}
