using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Tests;

/// <summary>Small helpers over HttpClient that keep the tests about outcomes, not plumbing.</summary>
public static class ApiClient
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> Send(this HttpClient client, HttpMethod method, string url, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body, body.GetType(), options: HealthJson.Options);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, text);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> Post(this HttpClient client, string url, object? body, string? idempotencyKey = null) =>
        client.Send(HttpMethod.Post, url, body, idempotencyKey);

    public static Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> Put(this HttpClient client, string url, object? body) =>
        client.Send(HttpMethod.Put, url, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> Get(this HttpClient client, string url) =>
        client.Send(HttpMethod.Get, url);

    /// <summary>Registers a member with the given categories (JSON array) and returns its id.</summary>
    public static async Task<string> CreateMember(this ApiFactory factory, JsonArray? categories = null, string? memberId = null)
    {
        memberId ??= TestIds.Unique("M");
        using var bureau = factory.Bureau();
        var nationalId = TestIds.Remember(memberId, TestIds.NationalId(TestIds.NextSequence()));
        var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", new JsonObject
        {
            ["nationalId"] = nationalId,
            ["name"] = "测试",
            ["birthDate"] = "1960-01-01",
            ["sex"] = "M",
            ["township"] = "蓉江街道",
            ["village"] = "新民村",
            ["categories"] = categories ?? [],
        });
        Assert.True(status == HttpStatusCode.Created, $"{memberId} {nationalId}: {raw}");
        return memberId;
    }

    public static JsonArray Poor(string category = "RegisteredPoor") => [new JsonObject { ["category"] = category, ["from"] = "2015-01-01", ["to"] = null }];

    /// <summary>
    /// A simple claim body: one class A line of <paramref name="amount"/> yuan, with the national ID the member was
    /// registered with (<see cref="TestIds.Remember"/>), as a hospital settling a visit without an admission sends it.
    /// </summary>
    public static JsonObject Claim(string memberId, string hospitalId = "H-NK-L2", decimal amount = 10000m, string dischargedOn = "2020-05-10", string? visitNo = null) => new()
    {
        ["hospitalId"] = hospitalId,
        ["visitNo"] = visitNo ?? TestIds.Unique("V"),
        ["memberId"] = memberId,
        ["nationalId"] = TestIds.NationalIdOf(memberId),
        ["admittedOn"] = "2020-01-01",
        ["dischargedOn"] = dischargedOn,
        ["referred"] = false,
        ["insuranceApplicable"] = true,
        ["diagnoses"] = new JsonArray("I63.9"),
        ["fees"] = new JsonArray(new JsonObject { ["itemCode"] = "X", ["class"] = "A", ["amount"] = amount }),
    };
}
