using System.Net;
using System.Text.Json.Nodes;
using Nankang.Health.Api.Http;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// A fresh service with two hospitals, each with its own member, admission and settlement: hospital A (<c>H-NK-L2</c>)
/// acts, hospital B (<c>H-NK-L3</c>) owns the objects A must not reach. Ids are known by kind: the request parameter
/// <c>{kind}Id</c> takes A's object as "own" and B's as "foreign".
/// </summary>
public sealed class TwoHospitals : IAsyncDisposable
{
    public const string A = "H-NK-L2";
    public const string B = "H-NK-L3";

    private TwoHospitals(ApiFactory api) => Api = api;

    public ApiFactory Api { get; }

    /// <summary>Kind (the parameter name without <c>Id</c>) → (A's object, B's object).</summary>
    public Dictionary<string, (string Own, string Foreign)> Ids { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Kinds that name the shared registry of people, not a tenant's object: a patient may walk into any hospital, so a
    /// hospital may look up any national ID and admit or settle any member. In a body they are not isolation targets.
    /// </summary>
    public static readonly IReadOnlySet<string> RegistryKinds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "member", "national" };

    /// <summary>Values only B's side may ever see: a response to A that contains one leaks across tenants.</summary>
    public IReadOnlyList<string> ForeignPrivate => [Ids["settlement"].Foreign, Ids["admission"].Foreign, Ids["member"].Foreign, Ids["key"].Foreign, VisitB];

    public string VisitB { get; private set; } = string.Empty;

    public static async Task<TwoHospitals> CreateAsync(Provider provider, Action<ApiFactory>? configure = null)
    {
        var api = ApiFactory.Create(provider);
        configure?.Invoke(api);
        var world = new TwoHospitals(api);
        await api.SeedHospitalsAsync();
        var (memberA, nationalIdA) = await world.MemberAsync();
        var (memberB, nationalIdB) = await world.MemberAsync();
        var visitA = TestIds.Unique("VA");
        world.VisitB = TestIds.Unique("VB");
        var admissionA = await world.AdmitAsync(A, memberA, visitA);
        var admissionB = await world.AdmitAsync(B, memberB, world.VisitB);
        var settlementA = await world.SettleAsync(A, memberA, visitA);
        var settlementB = await world.SettleAsync(B, memberB, world.VisitB);
        world.Ids["hospital"] = (A, B);
        world.Ids["member"] = (memberA, memberB);
        world.Ids["admission"] = (admissionA, admissionB);
        world.Ids["settlement"] = (settlementA, settlementB);
        world.Ids["key"] = (KeyId(ApiFactory.HospitalKey(A)), KeyId(ApiFactory.HospitalKey(B)));
        world.Ids["national"] = (nationalIdA, nationalIdB);
        return world;
    }

    public static string KeyId(string key) => ApiKeyRegistry.KeyId(Convert.FromHexString(ApiFactory.Sha256Hex(key)));

    private async Task<(string MemberId, string NationalId)> MemberAsync()
    {
        var memberId = TestIds.Unique("M");
        var nationalId = TestIds.NationalId(TestIds.NextSequence());
        using var bureau = Api.Bureau();
        var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", new JsonObject
        {
            ["nationalId"] = nationalId, ["name"] = "测试", ["birthDate"] = "1960-01-01", ["sex"] = "F",
            ["township"] = "蓉江街道", ["village"] = "新民村", ["categories"] = ApiClient.Poor(),
        });
        Assert.True(status == HttpStatusCode.Created, raw);
        return (memberId, nationalId);
    }

    private async Task<string> AdmitAsync(string hospitalId, string memberId, string visitNo)
    {
        using var hospital = Api.Hospital(hospitalId);
        var (status, body, raw) = await hospital.Post("/api/v1/admissions", new JsonObject
        {
            ["hospitalId"] = hospitalId, ["visitNo"] = visitNo, ["memberId"] = memberId, ["admittedOn"] = "2020-05-01",
        });
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!["admissionId"]!.GetValue<string>();
    }

    private async Task<string> SettleAsync(string hospitalId, string memberId, string visitNo)
    {
        using var hospital = Api.Hospital(hospitalId);
        var (status, body, raw) = await hospital.Post("/api/v1/settlements", ApiClient.Claim(memberId, hospitalId, visitNo: visitNo), Guid.NewGuid().ToString());
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!["settlementId"]!.GetValue<string>();
    }

    /// <summary>
    /// The values of a request to <paramref name="route"/> with A's own ids, and the example body with its ids made A's;
    /// or the reason the route cannot be exercised (an id of an unknown kind, a required value of unknown meaning, a body
    /// without an example).
    /// </summary>
    public (Dictionary<string, string> Values, JsonNode? Body, string? Unusable) OwnRequest(ApiRoute route)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in route.Parameters)
        {
            if (KindOf(p.Name) is { } kind)
            {
                if (!Ids.TryGetValue(kind, out var ids))
                {
                    return (values, null, $"{route}: {p.Source} parameter {p.Name} is an id of unknown kind '{kind}'");
                }

                if (p.Required || p.Source == ParameterSource.Path)
                {
                    values[p.Name] = ids.Own;
                }
            }
            else if (p.Source == ParameterSource.Header)
            {
                values[p.Name] = Guid.NewGuid().ToString();
            }
            else if (p.Name == "year" && (p.Type == typeof(int) || p.Type == typeof(int?)))
            {
                values[p.Name] = "2020";
            }
            else if (p.Required || p.Source == ParameterSource.Path)
            {
                return (values, null, $"{route}: required {p.Source} parameter {p.Name} ({p.Type.Name}) has no known test value");
            }
        }

        if (route.BodyType is null)
        {
            return (values, null, null);
        }

        if (!Examples.Bodies.TryGetValue(route.Name, out var example))
        {
            return (values, null, $"{route}: body {route.BodyType.Name} has no example in Examples.Bodies");
        }

        var body = JsonNode.Parse(example)!;
        foreach (var (field, parent) in Fields(body))
        {
            if (KindOf(field) is { } kind)
            {
                if (!Ids.TryGetValue(kind, out var ids))
                {
                    return (values, null, $"{route}: body field {field} is an id of unknown kind '{kind}'");
                }

                parent[field] = ids.Own;
            }
        }

        return (values, body, null);
    }

    /// <summary>"memberId" → "member"; null for a name that is not an id.</summary>
    public static string? KindOf(string name) =>
        name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal) ? name[..^2] : null;

    /// <summary>Every (field name, object holding it) of a JSON tree.</summary>
    public static IEnumerable<(string Field, JsonObject Parent)> Fields(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    yield return (key, o);
                    foreach (var inner in Fields(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var inner in Fields(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    public async ValueTask DisposeAsync() => await Api.DisposeAsync();
}
