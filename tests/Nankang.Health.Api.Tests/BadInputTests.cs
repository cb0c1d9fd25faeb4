using System.Net;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>Bad input is a 400 naming the field by its JSON path, and the database is left unchanged.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture fixture)
{
    /// <summary>Each case: what to change in a valid claim, and the JSON path the error must name.</summary>
    internal static readonly (string Name, Action<JsonObject> Break, string Path)[] Cases =
    [
        ("amount of the wrong type", c => Fee(c)["amount"] = "15000", "fees[0].amount"),
        ("amount with three decimals", c => Fee(c)["amount"] = 1.234m, "fees[0].amount"),
        ("negative amount", c => Fee(c)["amount"] = -1m, "fees[0].amount"),
        ("amount above 100,000,000.00", c => Fee(c)["amount"] = 100_000_000.01m, "fees[0].amount"),
        ("amount in exponent notation", c => Fee(c)["amount"] = JsonNode.Parse("1e30"), "fees[0].amount"),
        ("unknown class", c => Fee(c)["class"] = "D", "fees[0].class"),
        ("class as a number", c => Fee(c)["class"] = 1, "fees[0].class"),
        ("over-limit on a class C line", c => { Fee(c)["class"] = "C"; Fee(c)["overLimitAmount"] = 1m; }, "fees[0].overLimitAmount"),
        ("over-limit above the amount", c => Fee(c)["overLimitAmount"] = 20000m, "fees[0].overLimitAmount"),
        ("self-pay ratio on a class A line", c => Fee(c)["selfPayRatio"] = 0.1m, "fees[0].selfPayRatio"),
        ("self-pay ratio above 1", c => { Fee(c)["class"] = "B"; Fee(c)["selfPayRatio"] = 1.5m; }, "fees[0].selfPayRatio"),
        ("no fee line", c => c["fees"] = new JsonArray(), "fees"),
        ("10,001 fee lines", c => c["fees"] = new JsonArray([.. Enumerable.Range(0, 10_001).Select(_ => (JsonNode)new JsonObject { ["class"] = "A", ["amount"] = 1m })]), "fees"),
        ("zero total cost", c => Fee(c)["amount"] = 0m, "fees"),
        ("discharge before admission", c => c["dischargedOn"] = "2019-12-31", "dischargedOn"),
        ("date in another format", c => c["dischargedOn"] = "10/05/2020", "dischargedOn"),
        ("unknown member", c => c["memberId"] = "M-NOBODY", "memberId"),
        ("missing visit number", c => c.Remove("visitNo"), "visitNo"),
        ("referred as a string", c => c["referred"] = "no", "referred"),
        ("insurance not applicable without a reason", c => c["insuranceApplicable"] = false, "notApplicableReason"),
        ("second fee line broken", c => c["fees"]!.AsArray().Add(new JsonObject { ["class"] = "B", ["amount"] = -5m }), "fees[1].amount"),
        ("visit number outside the id character set", c => c["visitNo"] = "住院2020-1", "visitNo"),
        ("member id with a space", c => c["memberId"] = "M 1", "memberId"),
        ("hospital id with a control character", c => c["hospitalId"] = "H-NK-L2\u0001", "hospitalId"),
        ("national ID with a wrong check digit", c => c["nationalId"] = "360782198001010019", "nationalId"),
        ("admitted in year 1", c => c["admittedOn"] = "0001-01-01", "admittedOn"),
        ("discharged in year 9999", c => c["dischargedOn"] = "9999-12-31", "dischargedOn"),
        ("admitted before 2000", c => c["admittedOn"] = "1999-12-31", "admittedOn"),
        ("discharged the day after tomorrow (China Standard Time)", c => c["dischargedOn"] = DistrictToday().AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "dischargedOn"),
        ("a stay of more than 5 years", c => { c["admittedOn"] = "2015-01-01"; c["dischargedOn"] = "2020-05-10"; }, "dischargedOn"),
    ];

    private static DateOnly DistrictToday() => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    public static TheoryData<Provider> Providers() => ApiFactory.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Settle_BadInput_BadRequestNamingTheField_AndNothingWritten(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var counts = await api.TableCounts();
        var failures = new List<string>();

        foreach (var (name, breakIt, path) in Cases)
        {
            var claim = ApiClient.Claim(member);
            breakIt(claim);
            foreach (var url in new[] { "/api/v1/settlements", "/api/v1/settlements/preview" })
            {
                var (status, body, raw) = await hospital.Post(url, claim, TestIds.Unique("k"));
                if (status != HttpStatusCode.BadRequest || body?["errors"]?[path] is null)
                {
                    failures.Add($"{name} on {url}: {(int)status} {raw[..Math.Min(raw.Length, 300)]}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Settle_UnknownHospitalByBureau_BadRequestNamingHospitalId(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember();
        using var bureau = api.Bureau();
        var counts = await api.TableCounts();

        var response = await bureau.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NOWHERE"), TestIds.Unique("k"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.Body!["errors"]!["hospitalId"]);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Settle_MalformedJson_BadRequestAsProblemDetails(Provider provider)
    {
        var api = await fixture.For(provider);
        using var hospital = api.Hospital("H-NK-L2");
        var counts = await api.TableCounts();

        var response = await hospital.Post("/api/v1/settlements", "{ \"hospitalId\": ", TestIds.Unique("k"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(400, response.Body!["status"]!.GetValue<int>());
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PutMember_InvalidNationalIdAndSex_BadRequestNamingBoth(Provider provider)
    {
        var api = await fixture.For(provider);
        using var bureau = api.Bureau();
        var counts = await api.TableCounts();

        var response = await bureau.Put("/api/v1/members/M-BAD", new JsonObject
        {
            ["nationalId"] = "360782198001010019", ["name"] = "x", ["birthDate"] = "1980-01-01", ["sex"] = "X", ["categories"] = new JsonArray(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.Body!["errors"]!["nationalId"]);
        Assert.NotNull(response.Body["errors"]!["sex"]);
        Assert.Equal(counts, await api.TableCounts());
    }

    private static JsonObject Fee(JsonObject claim) => claim["fees"]![0]!.AsObject();
}
