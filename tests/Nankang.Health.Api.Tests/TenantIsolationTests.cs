using System.Net;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// Tenant isolation, derived from the route table: every mapped endpoint under <c>/api</c>, every id it takes (path, query,
/// body), tried without a key, with a wrong key, with a hospital key on bureau-only routes and with hospital A's key against
/// hospital B's objects. Each attempt must be refused (401/403/404) or, for a read, show nothing of B's; and change no
/// business table. A route the test cannot exercise fails the test by name, so a new endpoint is covered or noticed. A route
/// with spreadsheet exports is tried in each of its formats.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TenantIsolationTests
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task EveryRoute_OtherTenantsObjectsMissingOrWrongKeys_RefusedAndNothingWritten(Provider provider)
    {
        await using var world = await TwoHospitals.CreateAsync(provider);
        var api = world.Api;
        var (routes, unusable) = await RouteTable.ReadAsync(api);
        var failures = new List<string>(unusable);
        Assert.NotEmpty(routes);
        await world.PrepareAsync(routes);

        using var none = api.Client(null);
        using var wrong = api.Client("not-a-key-" + Guid.NewGuid());
        using var hospitalA = api.Hospital(TwoHospitals.A);
        using var bureau = api.Bureau();
        // A route with file formats is tried once per format too: a hospital's CSV or workbook shows nothing of B's either.
        foreach (var route in routes.SelectMany(r => r.InEveryFormat()))
        {
            var (values, body, why) = world.OwnRequest(route);
            if (why is not null)
            {
                failures.Add(why);
                continue;
            }

            async Task Attempt(string what, HttpClient client, Dictionary<string, string> v, JsonNode? b, Func<HttpStatusCode, string, bool> acceptable)
            {
                var before = await api.Fingerprint();
                var (status, contentType, raw) = await Send(client, route, v, b);
                var after = await api.Fingerprint();
                if (!acceptable(status, raw))
                {
                    failures.Add($"{route} {what}: unexpected {(int)status} {Truncate(raw)}");
                }

                if ((int)status >= 400 && contentType != "application/problem+json")
                {
                    failures.Add($"{route} {what}: {(int)status} without a problem body");
                }

                if (before != after)
                {
                    failures.Add($"{route} {what}: the database changed ({(int)status})");
                }
            }

            if (route.RequiresKey)
            {
                await Attempt("without a key", none, values, body, (s, _) => s == HttpStatusCode.Unauthorized);
                await Attempt("with a wrong key", wrong, values, body, (s, _) => s == HttpStatusCode.Unauthorized);
            }
            else
            {
                failures.Add($"{route}: callable without an API key");
            }

            if (route.BureauOnly)
            {
                await Attempt("with a hospital key on a bureau-only route", hospitalA, values, body, (s, _) => s == HttpStatusCode.Forbidden);
            }
            else
            {
                foreach (var p in route.Parameters.Where(p => TwoHospitals.KindOf(p.Name) is not null))
                {
                    var foreign = new Dictionary<string, string>(values) { [p.Name] = world.Ids[TwoHospitals.KindOf(p.Name)!].Foreign };
                    await Attempt($"with hospital A's key and B's {p.Name} in the {p.Source.ToString().ToLowerInvariant()}", hospitalA, foreign, body,
                        (s, raw) => Refused(s) || (route.Method == "GET" && s == HttpStatusCode.OK && !world.ForeignPrivate.Any(raw.Contains)));
                }

                // Member ids and national IDs in a body name the shared registry, not another tenant's object (see
                // RegistryKinds); every other id in a body must be refused when it is not A's.
                foreach (var (field, parent) in TwoHospitals.Fields(body).Where(f => TwoHospitals.KindOf(f.Field) is { } k && !TwoHospitals.RegistryKinds.Contains(k)).ToList())
                {
                    var original = parent[field]!.DeepClone();
                    parent[field] = world.Ids[TwoHospitals.KindOf(field)!].Foreign;
                    await Attempt($"with hospital A's key and B's {field} in the body", hospitalA, values, body, (s, _) => Refused(s));
                    parent[field] = original;
                }

                // The ID-card rule (NationalIdCheck): a body that names a member by id beside a national ID reaches B's member
                // only with that member's ID card. B's member id with A's member's national ID, or with none, on a visit
                // without an admission: refused, nothing written, nothing of B's shown.
                if (body is JsonObject named && named.ContainsKey("memberId") && named.ContainsKey("nationalId"))
                {
                    var probe = (JsonObject)named.DeepClone();
                    probe["memberId"] = world.Ids["member"].Foreign;
                    if (probe.ContainsKey("visitNo"))
                    {
                        probe["visitNo"] = TestIds.Unique("VX");
                    }

                    // (The answer may echo the member id A sent; nothing else of B's.)
                    bool RefusedUnseen(HttpStatusCode s, string raw) => s is HttpStatusCode.BadRequest or HttpStatusCode.NotFound
                        && !world.ForeignPrivate.Where(v => v != world.Ids["member"].Foreign).Any(raw.Contains);
                    await Attempt("with B's memberId and A's member's nationalId in the body", hospitalA, values, probe, RefusedUnseen);
                    probe.Remove("nationalId");
                    await Attempt("with B's memberId and no nationalId in the body", hospitalA, values, probe, RefusedUnseen);
                }
            }

            // The control: the same request with A's own ids by a caller entitled to the route is accepted. It proves the
            // refusals above came from isolation, not from a malformed request.
            var (control, _, controlRaw) = await Send(route.BureauOnly ? bureau : hospitalA, route, world.OwnRequest(route).Values, body);
            if (!(control is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices || control == HttpStatusCode.Conflict))
            {
                failures.Add($"{route} control with own ids: {(int)control} {Truncate(controlRaw)}");
            }

            // What A is answered about its own objects shows nothing of B's either (a void's adjustments, for one).
            if (!route.BureauOnly && world.ForeignPrivate.FirstOrDefault(controlRaw.Contains) is { } leaked)
            {
                failures.Add($"{route} control with own ids: the answer shows B's {leaked}");
            }

            if (route.Method != "GET")
            {
                await world.RestoreMembersAsync();
            }
        }

        // The void's control above adjusted B's later settlement of A's member (so the void answer had something to hide), and
        // B sees that adjustment on its own settlement.
        using var hospitalB = api.Hospital(TwoHospitals.B);
        var (_, adjusted, adjustedRaw) = await hospitalB.Get($"/api/v1/settlements/{world.SettlementBOfA}");
        Assert.True(adjusted!["status"]!.GetValue<string>() == "Adjusted", adjustedRaw);
        Assert.NotEmpty(adjusted["adjustments"]!.AsArray());

        Assert.True(failures.Count == 0, $"{failures.Count} isolation failures:\n" + string.Join("\n", failures));
    }

    private static bool Refused(HttpStatusCode status) => status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;

    private static async Task<(HttpStatusCode Status, string ContentType, string Raw)> Send(HttpClient client, ApiRoute route, Dictionary<string, string> values, JsonNode? body) =>
        await route.SendAsync(client, values, body is null ? null : System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
