using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Api.Tests;

/// <summary>Settlements of one member fired at the same moment give exactly the amounts of some serial order.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConcurrencyTests(ApiFixture fixture)
{
    private const int Parallel = 20;

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task TwentySettlementsOfOneMember_InParallelThroughTwoServers_EqualTheirBookingOrderReplayed(Provider provider)
    {
        var first = await fixture.For(provider);
        await using var second = first.ShareDatabaseWith();
        var member = await first.CreateMember(ApiClient.Poor());
        var amounts = Enumerable.Range(0, Parallel).Select(i => 3000m + (i * 7919.37m % 40000m)).ToArray();
        var clients = new[] { first.Hospital("H-NK-L3"), second.Hospital("H-NK-L3") };
        using var start = new ManualResetEventSlim();

        var tasks = amounts.Select((amount, i) => Task.Run(async () =>
        {
            start.Wait();
            return await clients[i % 2].Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", amount), TestIds.Unique("k"));
        })).ToArray();
        start.Set();
        var responses = await Task.WhenAll(tasks);

        await AssertSomeSerialOrder(responses, member, clients[0], clients[1]);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task TwentySettlementsOfOneMember_InParallelThroughTwoServerProcesses_EqualTheirBookingOrderReplayed(Provider provider)
    {
        var api = await fixture.For(provider);
        await using var process = await ServerProcess.StartAsync(api, "H-NK-L3");
        var member = await api.CreateMember(ApiClient.Poor());
        var amounts = Enumerable.Range(0, Parallel).Select(i => 2500m + (i * 6113.71m % 45000m)).ToArray();
        var clients = new[] { api.Hospital("H-NK-L3"), process.Client(ApiFactory.HospitalKey("H-NK-L3")) };

        // Warm both servers up (JIT, EF query compilation) on another member, so the race below really overlaps.
        var warmUp = await api.CreateMember(ApiClient.Poor());
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await clients[i % 2].Post("/api/v1/settlements", ApiClient.Claim(warmUp, "H-NK-L3", 1000m + i), TestIds.Unique("w"))).Status);
        }

        using var start = new ManualResetEventSlim();

        var tasks = amounts.Select((amount, i) => Task.Run(async () =>
        {
            start.Wait();
            return await clients[i % 2].Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", amount), TestIds.Unique("k"));
        })).ToArray();
        start.Set();
        var responses = await Task.WhenAll(tasks);

        await AssertSomeSerialOrder(responses, member, clients[0], clients[1]);
        Assert.Contains(responses.Where((_, i) => i % 2 == 1), r => r.Status == HttpStatusCode.Created);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Every settlement was booked, and the amounts and accumulators of each equal what the core gives when the claims are
    /// settled one after another in the order the ledger booked them.
    /// </summary>
    private static async Task AssertSomeSerialOrder(
        IReadOnlyList<(HttpStatusCode Status, JsonNode? Body, string Raw)> responses, string member, HttpClient reader, HttpClient otherReader)
    {
        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.Created, r.Raw));
        var listed = await reader.Get($"/api/v1/settlements?memberId={member}&pageSize=500");
        var booked = listed.Body!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(Parallel, booked.Count);

        // Replay the claims with the core, serially, in the order the ledger booked them.
        var acc = Accumulators.Empty;
        var policy = PolicySet.Default.For(new DateOnly(2020, 5, 10))!;
        foreach (var settlement in booked)
        {
            var claim = new Claim(CategorySet.RegisteredPoor, new HospitalProfile(3, Region.InDistrict, true), new DateOnly(2020, 5, 10), false, true,
                [new FeeLine(FeeClass.A, Money.Parse(GoldenFile.Decimal(settlement["totalCost"]).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))]);
            var expected = SettlementEngine.Settle(claim, policy, acc);
            acc = expected.After;
            foreach (var fund in Funds.All)
            {
                Assert.Equal(expected.Payments[fund].ToDecimal(), GoldenFile.Decimal(settlement["payments"]![fund.Key()]));
            }

            Assert.Equal(expected.After.SelfPayAfterTopUp.ToDecimal(), GoldenFile.Decimal(settlement["accumulators"]!["selfPayAfterTopUp"]));
            Assert.Equal(expected.After.SeriousIllnessBase.ToDecimal(), GoldenFile.Decimal(settlement["accumulators"]!["seriousIllnessBase"]));
        }

        var accumulators = await otherReader.Get($"/api/v1/members/{member}/accumulators/2020");
        Assert.Equal(Parallel, accumulators.Body!["claimCount"]!.GetValue<int>());
        Assert.Equal(acc.HighCostReliefPaid.ToDecimal(), GoldenFile.Decimal(accumulators.Body["highCostReliefPaid"]));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task SameIdempotencyKey_FiredInParallel_BooksOneSettlement(Provider provider)
    {
        var first = await fixture.For(provider);
        await using var second = first.ShareDatabaseWith();
        var member = await first.CreateMember(ApiClient.Poor());
        var claim = ApiClient.Claim(member);
        var key = TestIds.Unique("k");
        var clients = new[] { first.Hospital("H-NK-L2"), second.Hospital("H-NK-L2") };
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await clients[i % 2].Post("/api/v1/settlements", claim, key);
        })).ToArray();
        start.Set();
        var responses = await Task.WhenAll(tasks);

        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, r.Raw));
        Assert.Single(responses.Select(r => r.Body!["settlementId"]!.GetValue<string>()).Distinct());
        var listed = await clients[0].Get($"/api/v1/settlements?memberId={member}");
        Assert.Equal(1, listed.Body!["total"]!.GetValue<int>());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
