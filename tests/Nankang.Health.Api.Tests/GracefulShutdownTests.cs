using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// A server process sent SIGTERM while settlements stream in: every request it received is answered 201 or 503 (with
/// Retry-After), none is cut off, the process exits cleanly, and every 201 is in the ledger as read by another server.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GracefulShutdownTests(ApiFixture fixture)
{
    private const int Workers = 8;

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Sigterm_WhileSettlementsAreInFlight_AnswersEachOneAndLosesNoBooking(Provider provider)
    {
        var api = await fixture.For(provider);
        await using var process = await ServerProcess.StartAsync(api, "H-NK-L3");
        var members = new string[Workers];
        for (var i = 0; i < Workers; i++)
        {
            members[i] = await api.CreateMember(ApiClient.Poor());
        }

        using var client = process.Client(ApiFactory.HospitalKey("H-NK-L3"));
        Assert.Equal(HttpStatusCode.Created, (await client.Post("/api/v1/settlements", ApiClient.Claim(members[0], "H-NK-L3", 100m), TestIds.Unique("w"))).Status);

        var outcomes = new ConcurrentBag<(int Worker, HttpStatusCode? Status, string? RetryAfter, string? SettlementId, string Detail)>();
        var sent = 0;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            // Each worker settles its member's claims one after another until the server stops answering.
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/settlements")
                {
                    Content = JsonContent.Create(ApiClient.Claim(members[w], "H-NK-L3", 1000m + w), options: HealthJson.Options),
                };
                request.Headers.Add("Idempotency-Key", TestIds.Unique("k"));
                try
                {
                    Interlocked.Increment(ref sent);
                    using var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    var id = response.StatusCode == HttpStatusCode.Created ? JsonNode.Parse(text)!["settlementId"]!.GetValue<string>() : null;
                    outcomes.Add((w, response.StatusCode, response.Headers.RetryAfter?.ToString(), id, text));
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        return;
                    }
                }
                catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
                {
                    // Refused: the server no longer listens, so the request never reached it.
                    outcomes.Add((w, null, null, null, "refused"));
                    return;
                }
                catch (HttpRequestException e)
                {
                    outcomes.Add((w, null, null, null, $"cut off: {e.HttpRequestError} {e.Message}"));
                    return;
                }
            }
        })).ToArray();

        while (Volatile.Read(ref sent) < Workers * 5)
        {
            await Task.Delay(10);
        }

        var exitCode = await process.TerminateAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.All(outcomes, o => Assert.True(
            o.Status is HttpStatusCode.Created || (o.Status is HttpStatusCode.ServiceUnavailable && o.RetryAfter is not null) || o.Detail == "refused",
            $"worker {o.Worker}: {o.Status} {o.Detail}"));
        var created = outcomes.Where(o => o.Status == HttpStatusCode.Created).ToList();
        Assert.True(created.Count >= Workers * 4, $"only {created.Count} settlements were booked before the stop");

        // Read back through another server on the same database: each 201 is booked, and nothing else was.
        using var reader = api.Hospital("H-NK-L3");
        foreach (var o in created)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.Get($"/api/v1/settlements/{o.SettlementId}")).Status);
        }

        for (var w = 0; w < Workers; w++)
        {
            var listed = await reader.Get($"/api/v1/settlements?memberId={members[w]}&pageSize=500");
            var warmUp = w == 0 ? 1 : 0;
            Assert.Equal(created.Count(o => o.Worker == w) + warmUp, listed.Body!["total"]!.GetValue<int>());
        }
    }
}
