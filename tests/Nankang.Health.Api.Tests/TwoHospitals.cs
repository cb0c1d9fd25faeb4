using System.Net;
using System.Text.Json.Nodes;
using Nankang.Health.Api.Http;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// A fresh service with two hospitals, each with its own member, admission and settlement: hospital A (<c>H-NK-L2</c>)
/// acts, hospital B (<c>H-NK-L3</c>) owns the objects A must not reach. Ids are known by kind: the request parameter
/// <c>{kind}Id</c> takes A's object as "own" and B's as "foreign". Kinds the routes name beyond these are made on demand
/// by <see cref="PrepareAsync"/> (see <see cref="Makers"/>); parameters that are not ids take <see cref="Values"/>.
/// The two members are children (born 2014, poor since 2015), so the same ids serve the hospitals' claims and the
/// bureau's allowances for children.
/// </summary>
public sealed class TwoHospitals : IAsyncDisposable
{
    public const string A = "H-NK-L2";
    public const string B = "H-NK-L3";

    private readonly Dictionary<string, JsonObject> _registrations = new(StringComparer.Ordinal);

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
    public IReadOnlyList<string> ForeignPrivate =>
    [
        Ids["settlement"].Foreign, Ids["admission"].Foreign, Ids["member"].Foreign, Ids["key"].Foreign, VisitB, SettlementBOfA,
        .. Ids.TryGetValue("reconciliation", out var r) ? [r.Foreign] : Array.Empty<string>(),
    ];

    public string VisitB { get; private set; } = string.Empty;

    /// <summary>B's settlement of A's member, booked after A's: B's object, though it concerns A's member.</summary>
    public string SettlementBOfA { get; private set; } = string.Empty;

    /// <summary>
    /// The test value of each request parameter that is not an id, by name: <c>year</c> the benefit year of the world's
    /// claims, <c>month</c> the month (China Standard Time) its entries are booked in, so statements show both hospitals,
    /// <c>fund</c> a budget fund.
    /// </summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal) { ["year"] = "2020", ["fund"] = "specialRelief" };

    /// <summary>
    /// How to make the objects of the kinds created on demand: (own, foreign). Hospital objects are made by each
    /// hospital's own key (A's and B's); bureau-only objects by the bureau, two of them, the second in B's part where the
    /// object concerns a member. Only <see cref="PrepareAsync"/> makes them, so a world that does not need them (the
    /// audit tests count every write) stays as it was.
    /// </summary>
    private static readonly Dictionary<string, Func<TwoHospitals, Task<(string Own, string Foreign)>>> Makers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["reconciliation"] = async w => (await w.ReconcileAsync(A), await w.ReconcileAsync(B)),
        ["run"] = async w => (await w.CaregiverRunAsync(), await w.CaregiverRunAsync()),
        ["claim"] = async w => (await w.RehabClaimAsync(w.Ids["member"].Own), await w.RehabClaimAsync(w.Ids["member"].Foreign)),
    };

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

        // A's patient treated later at B too: voiding A's settlement re-settles B's and adjusts it, and A must not see that.
        world.SettlementBOfA = await world.SettleAsync(B, memberA, TestIds.Unique("VB"), 60000m);
        world.Ids["hospital"] = (A, B);
        world.Ids["member"] = (memberA, memberB);
        world.Ids["admission"] = (admissionA, admissionB);
        world.Ids["settlement"] = (settlementA, settlementB);
        world.Ids["key"] = (KeyId(ApiFactory.HospitalKey(A)), KeyId(ApiFactory.HospitalKey(B)));
        world.Ids["national"] = (nationalIdA, nationalIdB);
        world.Values["month"] = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        return world;
    }

    /// <summary>Makes the objects of every id kind <paramref name="routes"/> name (path, query, example body) that the world lacks and knows how to make.</summary>
    public async Task PrepareAsync(IEnumerable<ApiRoute> routes)
    {
        foreach (var route in routes)
        {
            var names = route.Parameters.Select(p => p.Name).ToList();
            if (Examples.Bodies.TryGetValue(route.Name, out var example))
            {
                names.AddRange(Fields(JsonNode.Parse(example)).Select(f => f.Field));
            }

            foreach (var kind in names.Select(KindOf).OfType<string>())
            {
                if (!Ids.ContainsKey(kind) && Makers.TryGetValue(kind, out var make))
                {
                    Ids[kind] = await make(this);
                }
            }
        }
    }

    private async Task<string> ReconcileAsync(string hospitalId)
    {
        using var hospital = Api.Hospital(hospitalId);
        var totals = new JsonObject();
        foreach (var line in (string[])["basicInsurance", "seriousIllnessInsurance", "supplementaryInsurance", "medicalAssistance", "specialReliefTopUp", "specialReliefHighCost"])
        {
            totals[line] = 0m;
        }

        var (status, body, raw) = await hospital.Post("/api/v1/reconciliations", new JsonObject { ["hospitalId"] = hospitalId, ["month"] = "2020-05", ["totals"] = totals });
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!["reconciliationId"]!.GetValue<string>();
    }

    private async Task<string> CaregiverRunAsync()
    {
        using var bureau = Api.Bureau();
        var (status, body, raw) = await bureau.Post("/api/v1/allowances/caregiver/runs", new JsonObject { ["year"] = 2020 });
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!["runId"]!.GetValue<string>();
    }

    /// <summary>A rehabilitation claim for April 2020 (the examples claim May, so a control request with them is paid).</summary>
    private async Task<string> RehabClaimAsync(string memberId)
    {
        using var bureau = Api.Bureau();
        var (status, body, raw) = await bureau.Post("/api/v1/allowances/child-rehabilitation/claims", new JsonObject
        {
            ["memberId"] = memberId, ["month"] = "2020-04", ["condition"] = "Autism", ["actualCost"] = 1500m,
        });
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!["claimId"]!.GetValue<string>();
    }

    public static string KeyId(string key) => ApiKeyRegistry.KeyId(Convert.FromHexString(ApiFactory.Sha256Hex(key)));

    private async Task<(string MemberId, string NationalId)> MemberAsync()
    {
        var memberId = TestIds.Unique("M");
        var nationalId = TestIds.Remember(memberId, TestIds.NationalId(TestIds.NextSequence(), "20140315"));
        using var bureau = Api.Bureau();
        var registration = new JsonObject
        {
            ["nationalId"] = nationalId, ["name"] = "测试", ["birthDate"] = "2014-03-15", ["sex"] = "F",
            ["township"] = "蓉江街道", ["village"] = "新民村", ["categories"] = ApiClient.Poor(),
        };
        var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", registration.DeepClone());
        Assert.True(status == HttpStatusCode.Created, raw);
        _registrations[memberId] = registration;
        return (memberId, nationalId);
    }

    /// <summary>
    /// Registers the world's members again as they were made. A request that replaces a member with an example body (the
    /// control of <c>PUT /members/{memberId}</c>, an adult born 1980) changes who A's member is for every later route; a
    /// test that sends such requests calls this after them, so each route meets the world as made.
    /// </summary>
    public async Task RestoreMembersAsync()
    {
        using var bureau = Api.Bureau();
        foreach (var (memberId, registration) in _registrations)
        {
            var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", registration.DeepClone());
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, raw);
        }
    }

    private async Task<string> AdmitAsync(string hospitalId, string memberId, string visitNo)
    {
        using var hospital = Api.Hospital(hospitalId);
        var (status, body, raw) = await hospital.Post("/api/v1/admissions", new JsonObject
        {
            ["hospitalId"] = hospitalId, ["visitNo"] = visitNo, ["memberId"] = memberId, ["nationalId"] = TestIds.NationalIdOf(memberId), ["admittedOn"] = "2020-05-01",
        });
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!["admissionId"]!.GetValue<string>();
    }

    private async Task<string> SettleAsync(string hospitalId, string memberId, string visitNo, decimal amount = 10000m)
    {
        using var hospital = Api.Hospital(hospitalId);
        var (status, body, raw) = await hospital.Post("/api/v1/settlements", ApiClient.Claim(memberId, hospitalId, amount, visitNo: visitNo), Guid.NewGuid().ToString());
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!["settlementId"]!.GetValue<string>();
    }

    /// <summary>
    /// The values of a request to <paramref name="route"/> with A's own ids, and the example body with its ids made A's;
    /// or the reason the route cannot be exercised (an id of an unknown kind, a required value of unknown meaning, a body
    /// without an example). Call <see cref="PrepareAsync"/> with the routes first.
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
            else if (p.Required || p.Source == ParameterSource.Path)
            {
                if (!Values.TryGetValue(p.Name, out var value))
                {
                    return (values, null, $"{route}: required {p.Source} parameter {p.Name} ({p.Type.Name}) has no known test value");
                }

                values[p.Name] = value;
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
