using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>Per-key rate limits, the body size limit, and a maximum length on every string of every request body.</summary>
[Collection(ApiCollection.Name)]
public sealed class AbuseLimitTests
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task OneHospitalsBurst_Throttled429WithRetryAfter_AnotherHospitalUnaffected(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        api.Settings["RateLimiting:PermitsPerSecond"] = "1";
        api.Settings["RateLimiting:Burst"] = "5";
        using var noisy = api.Hospital("H-NK-L2");
        using var quiet = api.Hospital("H-NK-L3");

        var burst = new List<HttpResponseMessage>();
        for (var i = 0; i < 25; i++)
        {
            burst.Add(await noisy.GetAsync("/api/v1/hospitals/H-NK-L2"));
        }

        Assert.All(burst.Take(5), r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var limited = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(limited.Count >= 15, $"only {limited.Count} of 25 were limited");
        foreach (var response in limited)
        {
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After of at least one second");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await quiet.GetAsync("/api/v1/hospitals/H-NK-L3")).StatusCode);
        }

        burst.ForEach(r => r.Dispose());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task BodyOver4MB_RefusedWithAProblem_NothingWritten(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        await api.SeedHospitalsAsync();
        var before = await api.Fingerprint();
        using var hospital = api.Hospital("H-NK-L2");
        var json = new StringBuilder("""{ "hospitalId": "H-NK-L2", "visitNo": "V", "memberId": "M", "fees": [""");
        while (json.Length < 5 * 1024 * 1024)
        {
            json.Append("""{ "itemCode": "250101", "class": "A", "amount": 1.00 },""");
        }

        json.Append("""{ "itemCode": "250101", "class": "A", "amount": 1.00 }] }""");
        var bytes = Encoding.UTF8.GetBytes(json.ToString());

        using var sized = new ByteArrayContent(bytes);
        sized.Headers.ContentType = new("application/json");
        using var withLength = await hospital.PostAsync("/api/v1/settlements/preview", sized);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);
        Assert.Equal("application/problem+json", withLength.Content.Headers.ContentType?.MediaType);

        using var chunked = new StreamContent(new MemoryStream(bytes));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/settlements") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("Idempotency-Key", "too-large");
        using var withoutLength = await hospital.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withoutLength.StatusCode);
        Assert.Equal("application/problem+json", withoutLength.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await api.Fingerprint());
    }

    /// <summary>
    /// Derived from the route table: every string field of every request body type, 10,000 characters long → 400 naming it.
    /// A field that declares a larger limit (<see cref="MaxLengthAttribute"/>, shown in the OpenAPI document: the
    /// reconciliation's detail CSV) gets one character more than its limit and must be refused for its length: a 400 naming
    /// the field with "at most {limit}" (so the limit is enforced, and reachable within the 4 MB body limit).
    /// </summary>
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task EveryStringFieldOfEveryBody_TooLong_RefusedNamingTheField(Provider provider)
    {
        await using var world = await TwoHospitals.CreateAsync(provider);
        var (routes, _) = await RouteTable.ReadAsync(world.Api);
        await world.PrepareAsync(routes);
        using var bureau = world.Api.Bureau();
        var before = await world.Api.Fingerprint();
        var failures = new List<string>();
        var checkedFields = 0;
        foreach (var route in routes.Where(r => r.BodyType is not null))
        {
            var (values, _, why) = world.OwnRequest(route);
            Assert.Null(why);
            foreach (var (path, declared) in StringPaths(route.BodyType!, string.Empty))
            {
                checkedFields++;
                var larger = declared is >= TooLong;
                var body = Body(path, new string('x', larger ? declared!.Value + 1 : TooLong));
                var (status, _, raw) = await route.SendAsync(bureau, values, Encoding.UTF8.GetBytes(body.ToJsonString()));
                var errors = status == HttpStatusCode.BadRequest ? JsonNode.Parse(raw)!["errors"]?.AsObject() : null;
                var named = errors is not null && errors.ContainsKey(path)
                    && (!larger || errors[path]!.AsArray().Any(m => m!.GetValue<string>().Contains(FormattableString.Invariant($"at most {declared} "), StringComparison.Ordinal)));
                if (!named)
                {
                    failures.Add($"{route} {path}{(larger ? $" (declared at most {declared})" : string.Empty)}: {(int)status} {raw[..Math.Min(raw.Length, 300)]}");
                }
            }
        }

        Assert.True(checkedFields >= 15, $"only {checkedFields} string fields found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await world.Api.Fingerprint());
    }

    /// <summary>The length every string field must refuse unless it declares a larger limit.</summary>
    private const int TooLong = 10_000;

    /// <summary>
    /// The JSON paths of every string in a body type (<c>name</c>, <c>diagnoses[0]</c>, <c>fees[0].itemCode</c>), each with
    /// the maximum length its property declares, if any.
    /// </summary>
    public static IEnumerable<(string Path, int? DeclaredMax)> StringPaths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? t.GetGenericArguments()[0] : null;
            var declared = property.GetCustomAttribute<MaxLengthAttribute>()?.Length;
            if (t == typeof(string))
            {
                yield return (path, declared);
            }
            else if (element == typeof(string))
            {
                yield return (path + "[0]", null);
            }
            else if (element is { IsClass: true } || (t.IsClass && t.Namespace?.StartsWith("Nankang", StringComparison.Ordinal) == true))
            {
                foreach (var inner in StringPaths(element ?? t, path + (element is null ? "." : "[0].")))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A body holding only <paramref name="value"/> at <paramref name="path"/>.</summary>
    private static JsonNode Body(string path, string value)
    {
        JsonNode leaf = JsonValue.Create(value);
        foreach (var segment in path.Split('.').Reverse())
        {
            var name = segment.EndsWith("[0]", StringComparison.Ordinal) ? segment[..^3] : segment;
            if (name != segment)
            {
                leaf = new JsonArray(leaf);
            }

            leaf = new JsonObject { [name] = leaf };
        }

        return leaf;
    }
}
