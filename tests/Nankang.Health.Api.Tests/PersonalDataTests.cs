using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nankang.Health.Application.Common;
using Npgsql;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// Canary personal data: a national ID and a name that exist nowhere else go through every kind of operation (member
/// create/replace/get, eligibility 200/400/403/404, admission, settlement, preview, void, conflicts, malformed bodies, the
/// FHIR answers), then no log line (all levels), response body, problem detail, OpenAPI document or stored byte holds them
/// in clear.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PersonalDataTests
{
    private const string CanaryName = "龚卡纳瑞";

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task CanaryNationalIdAndName_AfterEveryKindOfOperation_NeverInClearAnywhere(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore" })
        {
            api.Settings[$"Logging:LogLevel:{category}"] = "Trace";
        }

        await api.SeedHospitalsAsync();
        var canaryId = WithCheck("11010519491231739");
        var unknownId = WithCheck("11010519491231748");
        var badCheckId = canaryId[..17] + (canaryId[17] == '0' ? '1' : '0');
        string[] canaries = [canaryId, unknownId, badCheckId, CanaryName];

        var responses = new List<string>();
        var registryAnswers = new List<string>();
        using var bureau = api.Bureau();
        using var hospital = api.Hospital("H-NK-L2");
        async Task<JsonNode?> Call(HttpClient client, HttpMethod method, string url, object? body, HttpStatusCode expected, string? key = null)
        {
            var (status, node, raw) = await client.Send(method, url, body, key);
            responses.Add(raw);
            if (client == bureau && url.StartsWith("/api/v1/members/", StringComparison.Ordinal) && (int)status < 300)
            {
                registryAnswers.Add(raw);
            }

            Assert.True(status == expected, $"{method} {url}: {(int)status} {raw}");
            return node;
        }

        var memberId = TestIds.Unique("M");
        JsonObject Member(string nationalId, string name) => new()
        {
            ["nationalId"] = nationalId, ["name"] = name, ["birthDate"] = "1949-12-31", ["sex"] = "M",
            ["township"] = "蓉江街道", ["village"] = "新民村", ["categories"] = ApiClient.Poor(),
        };

        await Call(bureau, HttpMethod.Put, $"/api/v1/members/{memberId}", Member(canaryId, CanaryName), HttpStatusCode.Created);
        await Call(bureau, HttpMethod.Put, $"/api/v1/members/{memberId}", Member(canaryId, CanaryName), HttpStatusCode.OK);
        await Call(bureau, HttpMethod.Put, $"/api/v1/members/{TestIds.Unique("M")}", Member(canaryId, "另一人"), HttpStatusCode.Conflict);
        await Call(bureau, HttpMethod.Put, $"/api/v1/members/{TestIds.Unique("M")}", Member(badCheckId, CanaryName), HttpStatusCode.BadRequest);
        await Call(bureau, HttpMethod.Put, $"/api/v1/members/{TestIds.Unique("M")}", Member(canaryId, string.Concat(Enumerable.Repeat(CanaryName, 30))), HttpStatusCode.BadRequest);
        await Call(bureau, HttpMethod.Put, $"/api/v1/members/{TestIds.Unique("M")}",
            $$"""{ "nationalId": "{{canaryId}}", "name": "{{CanaryName}}", "birthDate": 19491231 }""", HttpStatusCode.BadRequest);
        await Call(bureau, HttpMethod.Put, $"/api/v1/members/{TestIds.Unique("M")}",
            $$"""{ "nationalId": {{canaryId}}, "name": "{{CanaryName}}" }""", HttpStatusCode.BadRequest);
        await Call(hospital, HttpMethod.Put, $"/api/v1/members/{TestIds.Unique("M")}", Member(canaryId, CanaryName), HttpStatusCode.Forbidden);

        var shown = await Call(bureau, HttpMethod.Get, $"/api/v1/members/{memberId}", null, HttpStatusCode.OK);
        Assert.Equal($"{canaryId[..6]}********{canaryId[^4..]}", shown!["nationalIdMasked"]!.GetValue<string>());
        Assert.Equal(CanaryName, shown["name"]!.GetValue<string>());

        JsonObject Lookup(string nationalId, string hospitalId = "H-NK-L2") => new() { ["nationalId"] = nationalId, ["hospitalId"] = hospitalId };
        await Call(hospital, HttpMethod.Post, "/api/v1/eligibility", Lookup(canaryId), HttpStatusCode.OK);
        await Call(hospital, HttpMethod.Post, "/api/v1/eligibility", Lookup(unknownId), HttpStatusCode.NotFound);
        await Call(hospital, HttpMethod.Post, "/api/v1/eligibility", Lookup(canaryId, "H-NK-L3"), HttpStatusCode.Forbidden);
        await Call(hospital, HttpMethod.Post, "/api/v1/eligibility", Lookup(badCheckId), HttpStatusCode.BadRequest);
        await Call(hospital, HttpMethod.Post, "/api/v1/eligibility", $$"""{ "nationalId": "{{canaryId}}", "hospitalId": 7 }""", HttpStatusCode.BadRequest);
        await Call(hospital, HttpMethod.Post, "/api/v1/eligibility", $$"""{ "nationalId": "{{canaryId}}", "nationalId": "{{canaryId}}" }""", HttpStatusCode.BadRequest);
        await Call(hospital, HttpMethod.Post, "/api/v1/eligibility", $$"""{ "nationalId": "{{canaryId}}" """, HttpStatusCode.BadRequest);

        var visitNo = TestIds.Unique("V");
        await Call(hospital, HttpMethod.Post, "/api/v1/admissions", new JsonObject
        {
            ["hospitalId"] = "H-NK-L2", ["visitNo"] = visitNo, ["memberId"] = memberId, ["nationalId"] = canaryId, ["admittedOn"] = "2020-05-01",
        }, HttpStatusCode.Created);
        var claim = ApiClient.Claim(memberId, visitNo: visitNo);
        await Call(hospital, HttpMethod.Post, "/api/v1/settlements/preview", claim, HttpStatusCode.OK);
        await Call(hospital, HttpMethod.Post, "/api/v1/settlements/preview?format=fhir", claim, HttpStatusCode.OK);
        var settled = await Call(hospital, HttpMethod.Post, "/api/v1/settlements", claim, HttpStatusCode.Created, "canary-1");
        var settlementId = settled!["settlementId"]!.GetValue<string>();
        await Call(hospital, HttpMethod.Post, "/api/v1/settlements", claim, HttpStatusCode.Conflict, "canary-2");
        await Call(hospital, HttpMethod.Get, $"/api/v1/settlements/{settlementId}", null, HttpStatusCode.OK);
        await Call(hospital, HttpMethod.Get, $"/api/v1/settlements?memberId={memberId}", null, HttpStatusCode.OK);
        await Call(hospital, HttpMethod.Get, $"/api/v1/members/{memberId}/accumulators/2020", null, HttpStatusCode.OK);
        await Call(hospital, HttpMethod.Get, $"/api/v1/settlements/{settlementId}/fhir", null, HttpStatusCode.OK);
        await Call(hospital, HttpMethod.Post, $"/api/v1/settlements/{settlementId}/void", new JsonObject { ["reason"] = "canary run" }, HttpStatusCode.OK);
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var eob = await Call(bureau, HttpMethod.Get, $"/api/v1/settlements/{settlementId}/fhir", null, HttpStatusCode.OK);
        Assert.Contains(eob!["contained"]!.AsArray(), r => r!["identifier"]!.AsArray().Any(i => i!["value"]!.GetValue<string>() == $"{canaryId[..6]}********{canaryId[^4..]}"));
        await Call(hospital, HttpMethod.Get, $"/api/v1/statements/{month}/fhir", null, HttpStatusCode.OK);
        await Call(bureau, HttpMethod.Get, $"/api/v1/statements/{month}/fhir", null, HttpStatusCode.OK);
        await Call(bureau, HttpMethod.Get, "/api/v1/audit?pageSize=500", null, HttpStatusCode.OK);
        await Call(bureau, HttpMethod.Get, "/openapi/v1.json", null, HttpStatusCode.OK);
        responses.Add(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "openapi", "nankang-health.json")));

        var stored = await StoredText(api);
        Assert.Contains(api.Logs.Lines, l => l.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.True(api.Logs.Lines.Count(l => l.Category == Http.RequestLog.Category) >= responses.Count - 1, "one request line per request");
        foreach (var canary in canaries)
        {
            // The registry answers the bureau, its keeper, with the member's name (contract: the same fields as the PUT);
            // everything else — hospitals, errors, logs, the database — must never show it.
            var mustNotShow = canary == CanaryName ? responses.Except(registryAnswers) : responses;
            Assert.DoesNotContain(mustNotShow, r => r.Contains(canary, StringComparison.Ordinal));
            Assert.DoesNotContain(api.Logs.Lines, l => l.Text.Contains(canary, StringComparison.Ordinal));
            Assert.False(stored.Contains(canary, StringComparison.Ordinal), $"a canary is stored in clear: {canary}");
        }
    }

    private static string WithCheck(string first17) => first17 + NationalId.CheckCharacter(first17);

    /// <summary>
    /// Everything the database holds, as text: the raw bytes of the SQLite file and its journal (read as UTF-8 and as
    /// Latin-1, so no encoding hides a value), or every row of every table of the PostgreSQL database as text.
    /// </summary>
    private static async Task<string> StoredText(ApiFactory api)
    {
        if (api.Provider == Provider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(api.ConnectionString).DataSource;
            var text = new StringBuilder();
            foreach (var path in Directory.GetFiles(Path.GetDirectoryName(file)!))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory);
                text.Append(Encoding.UTF8.GetString(memory.ToArray())).Append(Encoding.Latin1.GetString(memory.ToArray()));
            }

            return text.ToString();
        }

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new StringBuilder();
        foreach (var table in tables)
        {
            await using var dump = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await dump.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Append(reader.GetString(0)).Append('\n');
            }
        }

        Assert.Contains("members", tables, StringComparer.OrdinalIgnoreCase);
        return rows.ToString();
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
