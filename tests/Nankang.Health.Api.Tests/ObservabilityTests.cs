using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nankang.Health.Api.Http;
using Npgsql;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// What operators see: the liveness and readiness probes (unauthenticated, empty bodies; not ready while the database is
/// missing, unmigrated or refusing connections), the Prometheus scrape (the writer's settlements and the request duration
/// by route template and status), and one request log line per request without personal data.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class ObservabilityTests
{
    [Fact]
    public async Task Probes_Sqlite_ReadyOnlyWhileTheDatabaseFileExistsAndIsMigrated()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        using var anonymous = api.CreateClient();
        await AssertProbe(anonymous, Observability.LivePath, HttpStatusCode.OK);
        await AssertProbe(anonymous, Observability.ReadyPath, HttpStatusCode.OK);

        // Not migrated: the history lacks the last migration.
        var last = await api.WithDb(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());
        await api.WithDb(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}"));
        await AssertProbe(anonymous, Observability.ReadyPath, HttpStatusCode.ServiceUnavailable);
        await AssertProbe(anonymous, Observability.LivePath, HttpStatusCode.OK);
        Assert.Contains(api.Logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("not migrated", StringComparison.Ordinal));
        await api.WithDb(db => db.Database.ExecuteSqlAsync($"INSERT INTO \"__EFMigrationsHistory\" VALUES ({last}, '10.0.15')"));
        await AssertProbe(anonymous, Observability.ReadyPath, HttpStatusCode.OK);

        // The file gone (as a wrong path would be): not ready, and the probe does not create an empty one.
        var file = new SqliteConnectionStringBuilder(api.ConnectionString).DataSource;
        SqliteConnection.ClearAllPools();
        File.Move(file, file + ".away");
        await AssertProbe(anonymous, Observability.ReadyPath, HttpStatusCode.ServiceUnavailable);
        Assert.False(File.Exists(file));
        await AssertProbe(anonymous, Observability.LivePath, HttpStatusCode.OK);
        File.Move(file + ".away", file);
        await AssertProbe(anonymous, Observability.ReadyPath, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Probes_PostgreSql_NotReadyWhileTheDatabaseRefusesConnections()
    {
        await using var api = ApiFactory.Create(Provider.PostgreSql);
        using var anonymous = api.CreateClient();
        await AssertProbe(anonymous, Observability.ReadyPath, HttpStatusCode.OK);
        var database = new NpgsqlConnectionStringBuilder(api.ConnectionString).Database!;
        await Admin($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false; " +
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid();");
        try
        {
            await AssertProbe(anonymous, Observability.ReadyPath, HttpStatusCode.ServiceUnavailable);
            await AssertProbe(anonymous, Observability.LivePath, HttpStatusCode.OK);
        }
        finally
        {
            await Admin($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true;");
        }

        // Back: the broken pooled connections are dropped as they are found.
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 10 && status != HttpStatusCode.OK; attempt++)
        {
            status = (await anonymous.GetAsync(Observability.ReadyPath)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);

        // A server that is not there at all (a wrong port): the same readiness check, on its own connection.
        var wrongPort = new NpgsqlConnectionStringBuilder(api.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        var check = new DatabaseReadyCheck(new ServiceCollection()
            .AddSingleton<Nankang.Health.Persistence.IStoreProvider>(new Nankang.Health.Persistence.PostgreSql.PostgreSqlStoreProvider())
            .AddDbContext<Nankang.Health.Persistence.HealthDbContext>((sp, o) => sp.GetRequiredService<Nankang.Health.Persistence.IStoreProvider>().Configure(o, wrongPort))
            .BuildServiceProvider().GetRequiredService<IServiceScopeFactory>());
        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task Metrics_AfterSettlements_ScrapeCountsThemAndTheRequestsByRouteTemplateAndStatus()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        api.Settings["Metrics:Prometheus:Enabled"] = "true";
        await api.SeedHospitalsAsync();
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        string? settlementId = null;
        for (var i = 0; i < 5; i++)
        {
            var (status, body, raw) = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, amount: 1000m + i), TestIds.Unique("k"));
            Assert.True(status == HttpStatusCode.Created, raw);
            settlementId = body!["settlementId"]!.GetValue<string>();
        }

        Assert.Equal(HttpStatusCode.OK, (await hospital.Get($"/api/v1/settlements/{settlementId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await hospital.Get("/api/v1/settlements/S-none")).Status);

        using var scraper = api.CreateClient();
        var scrape = await scraper.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.True(scrape.StatusCode == HttpStatusCode.OK, text);

        Assert.Equal(5, Sample(text, "nankang_settlement_batch_settlements_total", []));
        Assert.Equal(5, Sample(text, "nankang_settlement_batch_size_count", []));
        Assert.True(Sample(text, "nankang_settlement_batch_phase_milliseconds_count", ["phase=\"commit\""]) >= 1, text);
        Assert.Equal(5, Sample(text, "http_server_request_duration_seconds_count", ["http_request_method=\"POST\"", "http_route=\"/api/v1/settlements/\"", "http_response_status_code=\"201\""]));
        Assert.Equal(1, Sample(text, "http_server_request_duration_seconds_count", ["http_request_method=\"GET\"", "http_route=\"/api/v1/settlements/{settlementId}\"", "http_response_status_code=\"200\""]));
        Assert.Equal(1, Sample(text, "http_server_request_duration_seconds_count", ["http_route=\"/api/v1/settlements/{settlementId}\"", "http_response_status_code=\"404\""]));
        Assert.Matches("\ndotnet_gc_collections_total|\nprocess_runtime_dotnet_gc_collections_count_total", text);
        Assert.DoesNotContain(settlementId!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(member, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_OffByDefault_AndOnlyOnTheConfiguredPortWhenOneIsSet()
    {
        await using (var off = ApiFactory.Create(Provider.Sqlite))
        {
            using var client = off.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        }

        await using var api = ApiFactory.Create(Provider.Sqlite);
        api.Settings["Metrics:Prometheus:Enabled"] = "true";
        api.Settings["Metrics:Prometheus:Port"] = "9464";
        using var scraper = api.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/metrics")).StatusCode);
        using var onPort = new HttpRequestMessage(HttpMethod.Get, "http://localhost:9464/metrics");
        Assert.Equal(HttpStatusCode.OK, (await scraper.SendAsync(onPort)).StatusCode);
    }

    [Fact]
    public async Task RequestLog_OneLinePerRequest_WithTemplateStatusKeyAndTrace_NoPersonalDataOrBody()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        await api.SeedHospitalsAsync();
        var member = await api.CreateMember(ApiClient.Poor());
        var nationalId = TestIds.NationalIdOf(member)!;
        using var hospital = api.Hospital("H-NK-L2");
        var before = RequestLines(api).Count;
        var visitNo = TestIds.Unique("V");
        var (settled, body, raw) = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, visitNo: visitNo), "log-1");
        Assert.True(settled == HttpStatusCode.Created, raw);
        await hospital.Get($"/api/v1/settlements/{body!["settlementId"]!.GetValue<string>()}");
        await hospital.Post("/api/v1/eligibility", new { nationalId, hospitalId = "H-NK-L2" });
        var (_, problem, _) = await hospital.Post("/api/v1/eligibility", $$"""{ "nationalId": "{{nationalId}}", "hospitalId": 7 }""");
        var traceId = problem!["traceId"]!.GetValue<string>();
        using var anonymous = api.CreateClient();
        await anonymous.GetAsync($"/api/v1/members/{member}");

        var lines = RequestLines(api).Skip(before).ToList();
        var keyId = ApiKeyRegistry.KeyId(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApiFactory.HospitalKey("H-NK-L2"))));
        Assert.Collection(
            lines,
            l => Assert.Matches($"^POST /api/v1/settlements 201 [0-9.]+ ms key {keyId} trace \\S+$", l),
            l => Assert.Matches($"^GET /api/v1/settlements/{{settlementId}} 200 [0-9.]+ ms key {keyId} trace ", l),
            l => Assert.Matches($"^POST /api/v1/eligibility 200 [0-9.]+ ms key {keyId} trace ", l),
            l => Assert.Matches($"^POST /api/v1/eligibility 400 [0-9.]+ ms key {keyId} trace {Regex.Escape(traceId)}$", l),
            l => Assert.Matches("^GET /api/v1/members/{memberId} 401 [0-9.]+ ms key - trace ", l));
        foreach (var secret in new[] { nationalId, "测试", member, visitNo, "log-1", "I63.9" })
        {
            Assert.DoesNotContain(api.Logs.Lines, l => l.Category == RequestLog.Category && l.Text.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RequestLog_JsonConsoleBySetting_OneJsonObjectPerRequestWithTheFields()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(PersonalDataTests.RepositoryRoot(), "src", "Nankang.Health.Api", "bin", configuration, "net10.0", "Nankang.Health.Api.dll");
        var directory = Directory.CreateTempSubdirectory("nankang-json-log-").FullName;
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "--urls", address.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Health"] = $"Data Source={Path.Combine(directory, "health.db")}";
        start.Environment["Security__PersonalDataKey"] = ApiFactory.PersonalDataKey;
        start.Environment["Logging__Console__FormatterName"] = "json";
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { lines.Enqueue(line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = address };
            var ready = false;
            for (var attempt = 0; attempt < 120 && !ready; attempt++)
            {
                try
                {
                    ready = (await client.GetAsync(Observability.ReadyPath)).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500);
                }
            }

            Assert.True(ready, "the server did not become ready");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/hospitals/H-NK-L2")).StatusCode);
            System.Text.Json.JsonElement? found = null;
            for (var wait = 0; wait < 50 && found is null; wait++)
            {
                await Task.Delay(100);
                found = lines.Select(l => l.StartsWith('{') ? System.Text.Json.JsonDocument.Parse(l).RootElement : default)
                    .Where(j => j.ValueKind == System.Text.Json.JsonValueKind.Object && j.GetProperty("Category").GetString() == RequestLog.Category)
                    .Select(j => (System.Text.Json.JsonElement?)j)
                    .FirstOrDefault(j => j!.Value.GetProperty("State").GetProperty("Status").GetInt32() == 401);
            }

            Assert.True(found is not null, string.Join('\n', lines));
            var state = found!.Value.GetProperty("State");
            Assert.Equal("GET", state.GetProperty("Method").GetString());
            Assert.Equal("/api/v1/hospitals/{hospitalId}", state.GetProperty("Route").GetString());
            Assert.Equal("-", state.GetProperty("KeyId").GetString());
            Assert.True(state.GetProperty("DurationMs").GetDouble() >= 0);
            Assert.StartsWith("00-", state.GetProperty("TraceId").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(lines, l => l.Contains("H-NK-L2", StringComparison.Ordinal) && l.Contains(RequestLog.Category, StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The request lines' messages (the capture appends the structured values after " | ").</summary>
    private static List<string> RequestLines(ApiFactory api) =>
        [.. api.Logs.Lines.Where(l => l.Category == RequestLog.Category).Select(l => l.Text.Split(" | ")[0])];

    private static async Task AssertProbe(HttpClient client, string path, HttpStatusCode expected)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    private static double Sample(string scrape, string name, string[] labels)
    {
        var values = scrape.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => double.Parse(SampleValue().Match(l).Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(values.Count > 0, $"no sample {name} with {string.Join(',', labels)} in:\n{scrape}");
        return values.Sum();
    }

    [GeneratedRegex(@"[}\s]\s*([0-9.eE+-]+)(\s+[0-9]+)?\s*$")]
    private static partial Regex SampleValue();

    private static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
