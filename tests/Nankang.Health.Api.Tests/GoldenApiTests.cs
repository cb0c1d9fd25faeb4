using System.Net;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>Every golden case replayed through the HTTP API, on SQLite and on PostgreSQL, must match to the fen.</summary>
[Collection(ApiCollection.Name)]
public sealed class GoldenApiTests(ApiFixture fixture)
{
    private static readonly string[] SplitFields = ["totalCost", "inScopeAmount", "preSelfPayAmount", "outOfScopeAmount", "overLimitAmount"];

    [Theory]
    [MemberData(nameof(GoldenFile.ProviderCases), MemberType = typeof(GoldenFile))]
    public async Task GoldenCase_SettledThroughHttp_MatchesToTheFen(Provider provider, string caseId)
    {
        var api = await fixture.For(provider);
        var golden = GoldenFile.Case(caseId);
        var memberId = TestIds.Unique($"{caseId}-");
        using var bureau = api.Bureau();
        var member = GoldenFile.Member(golden, TestIds.NextSequence());
        var nationalId = member["nationalId"]!.GetValue<string>();
        var (created, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", member);
        Assert.True(created == HttpStatusCode.Created, raw);

        var suffix = Guid.NewGuid().ToString("N")[..8];
        foreach (var claim in golden["claims"]!.AsArray().Select(c => c!.AsObject()))
        {
            using var hospital = api.Hospital(claim["hospitalId"]!.GetValue<string>());
            var (status, body, text) = await hospital.Post("/api/v1/settlements", GoldenFile.ClaimBody(claim, memberId, nationalId, suffix), $"{caseId}-{suffix}-{claim["visitNo"]}");
            Assert.True(status == HttpStatusCode.Created, text);

            var expected = claim["expected"]!;
            foreach (var field in SplitFields)
            {
                Assert.Equal(GoldenFile.Decimal(expected[field]), GoldenFile.Decimal(body![field]));
            }

            foreach (var (fund, amount) in expected["payments"]!.AsObject())
            {
                Assert.Equal(GoldenFile.Decimal(amount), GoldenFile.Decimal(body!["payments"]![fund]));
            }

            Assert.Equal(GoldenFile.Decimal(expected["patientPays"]), GoldenFile.Decimal(body!["patientPays"]));
            Assert.Equal(6, body["lines"]!.AsArray().Count);
            Assert.All(body["lines"]!.AsArray(), line => Assert.False(string.IsNullOrWhiteSpace(line!["explanation"]!.GetValue<string>())));
        }
    }
}
