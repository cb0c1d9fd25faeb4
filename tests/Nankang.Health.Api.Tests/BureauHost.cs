using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Persistence;

namespace Nankang.Health.Api.Tests;

/// <summary>A clock the test moves by hand: every booking time of the service comes from it.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The real service on a database of its own (statements cover every hospital, so bureau tests do not share one) with a
/// hand-moved clock, and the golden hospitals registered.
/// </summary>
public sealed class BureauHost : IAsyncDisposable
{
    private readonly ApiFactory _database;
    private readonly WebApplicationFactory<Program> _app;

    private BureauHost(ApiFactory database, DateTimeOffset now)
    {
        _database = database;
        Clock = new TestClock(now);
        _app = new ClockedFactory(database, Clock);
    }

    public TestClock Clock { get; }

    /// <summary>The address the service listens on when started with a real port (the browser tests), else null.</summary>
    public Uri? Address { get; private set; }

    /// <param name="realPort">Listen with Kestrel on a free port of 127.0.0.1, for a browser, instead of the in-memory server.</param>
    public static async Task<BureauHost> StartAsync(Provider provider, DateTimeOffset now, bool realPort = false)
    {
        var host = new BureauHost(ApiFactory.Create(provider), now);
        if (realPort)
        {
            host._app.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
            host._app.StartServer();
            var addresses = host._app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
            host.Address = new Uri(addresses.First());
        }

        var providerName = await host.Db(db => Task.FromResult(db.Database.ProviderName));
        Assert.Contains(provider == Provider.Sqlite ? "Sqlite" : "Npgsql", providerName, StringComparison.Ordinal);
        using var bureau = host.Bureau();
        foreach (var (id, h) in GoldenFile.Hospitals)
        {
            var (status, _, raw) = await bureau.Put($"/api/v1/hospitals/{id}", new JsonObject
            {
                ["name"] = h.Name, ["level"] = h.Level, ["region"] = h.Region, ["designated"] = h.Designated,
            });
            Assert.True(status == HttpStatusCode.Created, $"{status} {raw}");
        }

        return host;
    }

    public HttpClient Bureau() => Client(ApiFactory.BureauKey);

    public HttpClient Hospital(string hospitalId) => Client(ApiFactory.HospitalKey(hospitalId));

    private HttpClient Client(string key)
    {
        var client = _app.CreateDefaultClient(new Contract.ContractCheckingHandler());
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A scope of the service's own container: its store shares the service's provider (and, on SQLite, its write gate).</summary>
    public AsyncServiceScope Scope() => _app.Services.CreateAsyncScope();

    public async Task<T> Db<T>(Func<HealthDbContext, Task<T>> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<HealthDbContext>());
    }

    /// <summary>Moves the clock to <paramref name="at"/> (UTC) and returns the host for chaining.</summary>
    public void At(string at) => Clock.Now = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

    public async Task<string> CreateMember(string birthDate = "1960-01-01", bool poor = true)
    {
        var memberId = TestIds.Unique("M");
        using var bureau = Bureau();
        var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", new JsonObject
        {
            ["nationalId"] = TestIds.Remember(memberId, TestIds.NationalId(TestIds.NextSequence())),
            ["name"] = "测试",
            ["birthDate"] = birthDate,
            ["sex"] = "F",
            ["township"] = "蓉江街道",
            ["village"] = "新民村",
            ["categories"] = poor ? ApiClient.Poor() : new JsonArray(),
        });
        Assert.True(status == HttpStatusCode.Created, raw);
        return memberId;
    }

    /// <summary>Settles a one-line claim at the hospital and returns the settlement.</summary>
    public async Task<JsonNode> Settle(string hospitalId, string memberId, decimal amount, string dischargedOn = "2020-05-10", decimal outOfScope = 0m)
    {
        using var hospital = Hospital(hospitalId);
        var claim = ApiClient.Claim(memberId, hospitalId, amount, dischargedOn);
        if (outOfScope > 0)
        {
            claim["fees"]!.AsArray().Add(new JsonObject { ["itemCode"] = "C1", ["class"] = "C", ["amount"] = outOfScope });
        }

        var (status, body, raw) = await hospital.Post("/api/v1/settlements", claim, Guid.NewGuid().ToString("N"));
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!;
    }

    public async Task<JsonNode> Void(string hospitalId, string settlementId)
    {
        using var hospital = Hospital(hospitalId);
        var (status, body, raw) = await hospital.Post($"/api/v1/settlements/{settlementId}/void", new JsonObject { ["reason"] = "test void" });
        Assert.True(status == HttpStatusCode.OK, raw);
        return body!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>
/// The service on the database of <paramref name="database"/>, with the same keys, and <paramref name="clock"/> as its time.
/// Settings go through <c>UseSetting</c>: Program reads the provider and connection string while it registers services,
/// before values added with ConfigureAppConfiguration are visible, so those would silently fall back to the default
/// SQLite file under the API project.
/// </summary>
internal sealed class ClockedFactory(ApiFactory database, TimeProvider clock) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => ApiFactory.QuietConsole(logging));
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Provider.ToString(),
                ["ConnectionStrings:Health"] = database.ConnectionString,
                ["Security:PersonalDataKey"] = ApiFactory.PersonalDataKey,
                ["Auth:ApiKeys:0:KeySha256"] = ApiFactory.Sha256Hex(ApiFactory.BureauKey),
                ["Auth:ApiKeys:0:Role"] = "Bureau",
            };
            for (var i = 0; i < ApiFactory.HospitalIds.Length; i++)
            {
                settings[$"Auth:ApiKeys:{i + 1}:KeySha256"] = ApiFactory.Sha256Hex(ApiFactory.HospitalKey(ApiFactory.HospitalIds[i]));
                settings[$"Auth:ApiKeys:{i + 1}:Role"] = "Hospital";
                settings[$"Auth:ApiKeys:{i + 1}:HospitalId"] = ApiFactory.HospitalIds[i];
            }

            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }

        builder.ConfigureTestServices(s => s.AddSingleton(clock));
    }
}
