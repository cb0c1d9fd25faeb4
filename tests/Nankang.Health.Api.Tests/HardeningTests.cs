using System.Net;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// Answers that browsers and proxies cannot misuse, files of personal data and keys owner-only, the OpenAPI document and
/// Swagger UI off in Production unless configured, and every key warning logged once at start-up.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HardeningTests
{
    [Fact]
    public async Task Answers_NosniffAndNoStore_OnSuccessAndOnErrors()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        await api.SeedHospitalsAsync();
        using var bureau = api.Bureau();
        using var anonymous = api.Client(null);

        foreach (var (client, url) in new[] { (bureau, "/api/v1/hospitals/H-NK-L2"), (bureau, "/api/v1/hospitals/H-NONE"), (anonymous, "/api/v1/hospitals/H-NK-L2"), (bureau, "/nowhere") })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url}: {response.Headers.CacheControl}");
        }
    }

    [Theory]
    [InlineData(null, HttpStatusCode.NotFound)]
    [InlineData("false", HttpStatusCode.NotFound)]
    [InlineData("true", HttpStatusCode.OK)]
    public async Task OpenApiAndSwagger_InProduction_OnlyWhenConfigured(string? enabled, HttpStatusCode expected)
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        api.EnvironmentName = "Production";
        api.Settings["OpenApi:Enabled"] = enabled;
        using var client = api.Client(null);

        Assert.Equal(expected, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Files_DatabaseAndGeneratedKey_OwnerOnly_KeyApartFromTheDatabase_WarningsOnceAtStart()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        var data = Directory.CreateTempSubdirectory("nankang-data-").FullName;
        File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101);
        api.EnvironmentName = "Production";
        api.Settings["Storage:DataDirectory"] = data;
        api.Settings["Security:PersonalDataKey"] = null;
        api.Settings["Auth:ApiKeys:9:Key"] = "a-clear-text-key";
        api.Settings["Auth:ApiKeys:9:Role"] = "Bureau";

        _ = api.Services; // the host starts: no request yet
        var atStart = api.Logs.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => l.Text).ToList();
        await api.SeedHospitalsAsync();
        await api.CreateMember();
        var later = api.Logs.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => l.Text).ToList();

        Assert.Single(atStart, t => t.Contains("Security:PersonalDataKey is not set", StringComparison.Ordinal));
        Assert.Single(atStart, t => t.Contains("clear-text key", StringComparison.Ordinal));
        Assert.Equal(atStart.Count(t => t.Contains("key", StringComparison.OrdinalIgnoreCase)), later.Count(t => t.Contains("key", StringComparison.OrdinalIgnoreCase)));

        var database = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(api.ConnectionString).DataSource;
        var key = Path.Combine(data, "keys", "personal-data.key");
        Assert.True(File.Exists(key));
        Assert.NotEqual(Path.GetDirectoryName(Path.GetFullPath(database)), Path.GetDirectoryName(key));
        Assert.Equal(OwnerDirectory, File.GetUnixFileMode(data));
        Assert.Equal(OwnerDirectory, File.GetUnixFileMode(Path.Combine(data, "keys")));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(key));
        foreach (var file in new[] { database, $"{database}-wal", $"{database}-shm" })
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal(OwnerFile, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task Kestrel_NoServerHeader_AndUnknownRouteIsAProblem()
    {
        await using var database = ApiFactory.Create(Provider.Sqlite);
        _ = database.Services; // migrated
        await using var server = await ServerProcess.StartAsync(database, "H-NK-L2");
        using var client = server.Client(ApiFactory.HospitalKey("H-NK-L2"));

        using var response = await client.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Server"), string.Join(",", response.Headers.Select(h => h.Key)));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }

    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
