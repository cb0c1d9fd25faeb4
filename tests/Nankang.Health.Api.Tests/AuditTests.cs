using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Nankang.Health.Api.Tests;

/// <summary>The audit trail: every write and every eligibility lookup, who/what/when/outcome, refused attempts too, append-only.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditTests
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Writes_EachRecordedOnceWithKeyIdActionAndStatus(Provider provider)
    {
        await using var world = await TwoHospitals.CreateAsync(provider);
        using var bureau = world.Api.Bureau();
        var bureauKey = TwoHospitals.KeyId(ApiFactory.BureauKey);

        var all = await Entries(bureau, "pageSize=500");
        // 8 hospitals, 2 members, A's admission and settlement, B's admission and two settlements (one of A's member).
        Assert.Equal(8 + 2 + 2 + 3, all.Count);
        Assert.All(all, e => Assert.Matches("^k-[0-9a-f]{12}$", e["keyId"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Repeat("hospital.create", 8).Concat(["member.create", "member.create"]),
            (await Entries(bureau, $"keyId={bureauKey}&pageSize=500")).Select(e => e["action"]!.GetValue<string>()));

        var hospitalA = await Entries(bureau, $"keyId={world.Ids["key"].Own}");
        Assert.Equal(["admission.create:201", "settlement.create:201"], hospitalA.Select(e => $"{e["action"]}:{e["status"]}"));
        Assert.All(hospitalA, e => Assert.Equal(TwoHospitals.A, e["hospitalId"]!.GetValue<string>()));
        Assert.Equal($"settlement:{world.Ids["settlement"].Own}", hospitalA[1]["target"]!.GetValue<string>());

        var (_, page, _) = await bureau.Get("/api/v1/audit?action=hospital.create&page=2&pageSize=3");
        Assert.Equal(8, page!["total"]!.GetValue<int>());
        Assert.Equal(3, page["items"]!.AsArray().Count);
        var at = DateTimeOffset.Parse(all[^1]["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(await Entries(bureau, $"from={Uri.EscapeDataString(at.AddSeconds(1).ToString("O"))}"));
        Assert.Equal(all.Count, (await Entries(bureau, $"to={Uri.EscapeDataString(at.AddSeconds(1).ToString("O"))}&pageSize=500")).Count);

        using var hospital = world.Api.Hospital(TwoHospitals.A);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Get("/api/v1/audit")).Status);
        var (bad, problem, _) = await bureau.Get("/api/v1/audit?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(problem!["errors"]!["from"]);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task EligibilityLookups_EveryOutcome_RecordedExactlyOnce(Provider provider)
    {
        await using var world = await TwoHospitals.CreateAsync(provider);
        using var hospital = world.Api.Hospital(TwoHospitals.A);
        using var bureau = world.Api.Bureau();
        var (nationalA, _) = world.Ids["national"];
        JsonObject Lookup(string nationalId, string hospitalId = TwoHospitals.A) => new() { ["nationalId"] = nationalId, ["hospitalId"] = hospitalId };

        Assert.Equal(HttpStatusCode.OK, (await hospital.Post("/api/v1/eligibility", Lookup(nationalA))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await hospital.Post("/api/v1/eligibility", Lookup(TestIds.NationalId(TestIds.NextSequence())))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Post("/api/v1/eligibility", Lookup(nationalA, TwoHospitals.B))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await hospital.Post("/api/v1/eligibility", Lookup("123"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await hospital.Post("/api/v1/eligibility", "{ \"nationalId\": ")).Status);

        var lookups = await Entries(bureau, $"keyId={world.Ids["key"].Own}&action=eligibility.lookup");
        Assert.Equal([200, 404, 403, 400, 400], lookups.Select(e => e["status"]!.GetValue<int>()));
        Assert.Equal($"member:{world.Ids["member"].Own}", lookups[0]["target"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task RefusedAttempts_RecordedInTheAuditLogOnly_UnauthenticatedOnesNot(Provider provider)
    {
        await using var world = await TwoHospitals.CreateAsync(provider);
        var api = world.Api;
        using var hospital = api.Hospital(TwoHospitals.A);
        using var bureau = api.Bureau();
        using var anonymous = api.Client(null);
        var before = await api.Fingerprint();
        var auditBefore = (await Entries(bureau, "pageSize=500")).Count;

        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Put("/api/v1/hospitals/H-NK-L2", new { name = "x", level = 1, region = "InDistrict", designated = true })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await hospital.Post("/api/v1/settlements", "[1, 2]", "refused-1")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Post("/api/v1/settlements", ApiClient.Claim(world.Ids["member"].Own, TwoHospitals.B), "refused-2")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await hospital.Post($"/api/v1/settlements/{world.Ids["settlement"].Foreign}/void", new { reason = "not mine" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Post("/api/v1/admissions", new { })).Status);

        Assert.Equal(before, await api.Fingerprint());
        var refused = await Entries(bureau, $"keyId={world.Ids["key"].Own}&pageSize=500");
        Assert.Equal(
            ["hospital.put:403", "settlement.create:400", "settlement.create:403", "settlement.void:404"],
            refused.Skip(2).Select(e => $"{e["action"]}:{e["status"]}"));
        Assert.Equal($"POST /api/v1/settlements/{world.Ids["settlement"].Foreign}/void", refused[^1]["target"]!.GetValue<string>());
        Assert.Equal(auditBefore + 4, (await Entries(bureau, "pageSize=500")).Count);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task AuditRows_UpdateOrDelete_Refused(Provider provider)
    {
        await using var world = await TwoHospitals.CreateAsync(provider);
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Api.WithDb(async db =>
        {
            var row = await db.AuditLog.OrderBy(a => a.Seq).FirstAsync();
            row.Status = 200;
            row.Action = "rewritten";
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Api.WithDb(async db =>
        {
            db.AuditLog.Remove(await db.AuditLog.OrderBy(a => a.Seq).FirstAsync());
            return await db.SaveChangesAsync();
        }));
    }

    private static async Task<List<JsonNode>> Entries(HttpClient bureau, string query)
    {
        var (status, body, raw) = await bureau.Get($"/api/v1/audit?{query}");
        Assert.True(status == HttpStatusCode.OK, raw);
        return [.. body!["items"]!.AsArray().Select(i => i!)];
    }
}
