using System.Net;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// Ids outside the id character set, paging beyond its bounds, admission dates outside the plausible window, a repeated
/// <c>Idempotency-Key</c>, and the framework's own 4xx answers: each a problem, nothing written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InputBoundsTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task PutMemberOrHospital_IdOutsideTheCharacterSet_400NamingIt_AndNothingWritten(Provider provider)
    {
        var api = await fixture.For(provider);
        using var bureau = api.Bureau();
        var counts = await api.TableCounts();
        var member = new JsonObject
        {
            ["nationalId"] = TestIds.NationalId(TestIds.NextSequence()), ["name"] = "张三", ["birthDate"] = "1960-01-01", ["sex"] = "M",
            ["township"] = "蓉江街道", ["village"] = "新民村", ["categories"] = new JsonArray(),
        };
        var hospital = new JsonObject { ["name"] = "南康医院", ["level"] = 2, ["region"] = "InDistrict", ["designated"] = true };

        var failures = new List<string>();
        foreach (var id in new[] { "张三", "M%201", "M%01", "M%0A1", new string('M', 65) })
        {
            var (status, body, raw) = await bureau.Put($"/api/v1/members/{id}", member);
            if (status != HttpStatusCode.BadRequest || body?["errors"]?["memberId"] is null)
            {
                failures.Add($"member {id}: {(int)status} {raw}");
            }
        }

        var (hospitalStatus, hospitalBody, hospitalRaw) = await bureau.Put($"/api/v1/hospitals/{Uri.EscapeDataString("南康医院")}", hospital);
        if (hospitalStatus != HttpStatusCode.BadRequest || hospitalBody?["errors"]?["hospitalId"] is null)
        {
            failures.Add($"hospital 南康医院: {(int)hospitalStatus} {hospitalRaw}");
        }

        Assert.Empty(failures);
        Assert.Equal(counts, await api.TableCounts());

        // The control: an id of the set is created, and its Location names it.
        var path = $"/api/v1/members/M-ok_1.a{TestIds.NextSequence()}";
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = System.Net.Http.Json.JsonContent.Create(member) };
        using var created = await bureau.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(path, created.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Listings_PageBeyondTheBound_400NamingPage(Provider provider)
    {
        var api = await fixture.For(provider);
        using var bureau = api.Bureau();

        var failures = new List<string>();
        foreach (var url in new[] { "/api/v1/settlements", "/api/v1/audit" })
        {
            var (status, body, raw) = await bureau.Get($"{url}?page=4294969&pageSize=500");
            if (status != HttpStatusCode.BadRequest || body?["errors"]?["page"] is null)
            {
                failures.Add($"{url}: {(int)status} {raw[..Math.Min(raw.Length, 300)]}");
            }

            var (last, _, lastRaw) = await bureau.Get($"{url}?page=1000000&pageSize=500");
            if (last != HttpStatusCode.OK)
            {
                failures.Add($"{url} at the last page: {(int)last} {lastRaw[..Math.Min(lastRaw.Length, 300)]}");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Admission_DateOutsideThePlausibleWindow_400NamingIt_AndNothingWritten(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        var counts = await api.TableCounts();
        var dayAfterTomorrow = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime).AddDays(2);

        var failures = new List<string>();
        foreach (var date in new[] { "0001-01-01", "1999-12-31", "9999-12-31", dayAfterTomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })
        {
            var (status, body, raw) = await hospital.Post("/api/v1/admissions", new JsonObject
            {
                ["hospitalId"] = "H-NK-L2", ["visitNo"] = TestIds.Unique("V"), ["memberId"] = member,
                ["nationalId"] = TestIds.NationalIdOf(member), ["admittedOn"] = date,
            });
            if (status != HttpStatusCode.BadRequest || body?["errors"]?["admittedOn"] is null)
            {
                failures.Add($"{date}: {(int)status} {raw}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settle_IdempotencyKeyHeaderTwice_400_AndNothingWritten(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        var counts = await api.TableCounts();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/settlements")
        {
            Content = System.Net.Http.Json.JsonContent.Create(ApiClient.Claim(member)),
        };
        request.Headers.Add("Idempotency-Key", ["a", "b"]);
        using var response = await hospital.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["Idempotency-Key"]);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task FrameworkAnswers_UnknownRouteWrongMethodWrongMediaTypeTooLarge_AreProblems(Provider provider)
    {
        var api = await fixture.For(provider);
        using var hospital = api.Hospital("H-NK-L2");

        async Task<string?> Check(HttpRequestMessage request, HttpStatusCode expected)
        {
            using (request)
            {
                using var response = await hospital.SendAsync(request);
                var type = response.Content.Headers.ContentType?.MediaType;
                return response.StatusCode == expected && type == "application/problem+json"
                    ? null
                    : $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {type}";
            }
        }

        var failures = new[]
        {
            await Check(new HttpRequestMessage(HttpMethod.Get, "/api/v1/nothing-here"), HttpStatusCode.NotFound),
            await Check(new HttpRequestMessage(HttpMethod.Get, "/no/such/page"), HttpStatusCode.NotFound),
            await Check(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/settlements"), HttpStatusCode.MethodNotAllowed),
            await Check(new HttpRequestMessage(HttpMethod.Post, "/api/v1/settlements/preview") { Content = new StringContent("x=1", System.Text.Encoding.UTF8, "text/plain") }, HttpStatusCode.UnsupportedMediaType),
            await Check(new HttpRequestMessage(HttpMethod.Post, "/api/v1/settlements/preview") { Content = new StringContent(new string(' ', 40 * 1024 * 1024), System.Text.Encoding.UTF8, "application/json") }, HttpStatusCode.RequestEntityTooLarge),
        }.OfType<string>().ToList();

        Assert.Empty(failures);
    }
}
