using System.Net;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>Eligibility at admission reads the categories valid on the district's date, not the server's.</summary>
public sealed class EligibilityTests
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Eligibility_JustAfterMidnightInGanzhou_SeesTheCategoryStartingThatDay(Provider provider)
    {
        // 2026-05-31T17:30Z is 01:30 on 1 June in China Standard Time: a category starting on 1 June is valid "today".
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2026-05-31T17:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var nationalId = TestIds.NationalId(TestIds.NextSequence());
        using var bureau = host.Bureau();
        var memberId = TestIds.Unique("M");
        var put = await bureau.Put($"/api/v1/members/{memberId}", new JsonObject
        {
            ["nationalId"] = nationalId, ["name"] = "测试", ["birthDate"] = "1960-01-01", ["sex"] = "F",
            ["categories"] = new JsonArray(new JsonObject { ["category"] = "Dibao", ["from"] = "2026-06-01", ["to"] = null }),
        });
        Assert.Equal(HttpStatusCode.Created, put.Status);
        using var hospital = host.Hospital("H-NK-L2");

        var atMidnight = await hospital.Post("/api/v1/eligibility", new { nationalId, hospitalId = "H-NK-L2" });
        host.At("2026-05-31T15:59:59Z");
        var before = await hospital.Post("/api/v1/eligibility", new { nationalId, hospitalId = "H-NK-L2" });

        Assert.Equal(HttpStatusCode.OK, atMidnight.Status);
        Assert.Equal(["Dibao"], atMidnight.Body!["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(atMidnight.Body["treatFirstPayLater"]!.GetValue<bool>());
        Assert.Empty(before.Body!["categories"]!.AsArray());
        Assert.False(before.Body["treatFirstPayLater"]!.GetValue<bool>());
    }
}
