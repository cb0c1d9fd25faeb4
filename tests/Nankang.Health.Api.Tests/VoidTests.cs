using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Api.Tests;

/// <summary>Voids with re-adjudication, and the accumulators' agreement with the ledger.</summary>
[Collection(ApiCollection.Name)]
public sealed class VoidTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Void_FirstOfThree_ReversesIt_AdjustsLaterOnes_AndNetsEqualSettlingTheRestFromScratch(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L3");
        var ids = new List<string>();
        foreach (var amount in new[] { 60000m, 30000m, 45000m })
        {
            var r = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", amount), TestIds.Unique("k"));
            Assert.Equal(HttpStatusCode.Created, r.Status);
            ids.Add(r.Body!["settlementId"]!.GetValue<string>());
        }

        var voided = await hospital.Post($"/api/v1/settlements/{ids[0]}/void", new { reason = "duplicate bill" });
        var again = await hospital.Post($"/api/v1/settlements/{ids[0]}/void", new { reason = "duplicate bill" });

        Assert.Equal(HttpStatusCode.OK, voided.Status);
        Assert.Equal("Voided", voided.Body!["voided"]!["status"]!.GetValue<string>());
        Assert.All(voided.Body["voided"]!["net"]!["payments"]!.AsObject(), p => Assert.Equal(0m, GoldenFile.Decimal(p.Value)));
        Assert.Equal(0m, GoldenFile.Decimal(voided.Body["voided"]!["net"]!["patientPays"]));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);

        // The later settlements' nets must equal settling them alone, in order, from an empty year.
        var fresh = await api.CreateMember(ApiClient.Poor());
        using var previewer = api.Hospital("H-NK-L3");
        var expectedFirst = await previewer.Post("/api/v1/settlements", ApiClient.Claim(fresh, "H-NK-L3", 30000m), TestIds.Unique("k"));
        var expectedSecond = await previewer.Post("/api/v1/settlements", ApiClient.Claim(fresh, "H-NK-L3", 45000m), TestIds.Unique("k"));
        var second = await hospital.Get($"/api/v1/settlements/{ids[1]}");
        var third = await hospital.Get($"/api/v1/settlements/{ids[2]}");
        Assert.Equal(expectedFirst.Body!["payments"]!.ToJsonString(), second.Body!["net"]!["payments"]!.ToJsonString());
        Assert.Equal(expectedSecond.Body!["payments"]!.ToJsonString(), third.Body!["net"]!["payments"]!.ToJsonString());
        Assert.Equal("Adjusted", second.Body["status"]!.GetValue<string>());
        Assert.NotEmpty(voided.Body["adjustments"]!.AsArray());

        var accumulators = await hospital.Get($"/api/v1/members/{member}/accumulators/2020");
        var expectedAcc = await previewer.Get($"/api/v1/members/{fresh}/accumulators/2020");
        accumulators.Body!["memberId"] = null;
        expectedAcc.Body!["memberId"] = null;
        Assert.Equal(expectedAcc.Body.ToJsonString(), accumulators.Body.ToJsonString());
        await AssertAccumulatorsEqualLedger(api);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Void_LaterSettlementAtAnotherHospital_HospitalsAnswerOmitsIt_ThatHospitalSeesItsAdjustment_BureausAnswerListsIt(Provider provider)
    {
        var api = await fixture.For(provider);
        using var owner = api.Hospital("H-NK-L3");
        using var other = api.Hospital("H-NK-L2");
        using var bureau = api.Bureau();

        // The same patient at two hospitals: the owner's settlement first, the other's after it in the member-year.
        async Task<(string Own, string Later)> Treat()
        {
            var member = await api.CreateMember(ApiClient.Poor());
            var first = await owner.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", 60000m), TestIds.Unique("k"));
            var later = await other.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L2", 30000m), TestIds.Unique("k"));
            Assert.Equal(HttpStatusCode.Created, first.Status);
            Assert.Equal(HttpStatusCode.Created, later.Status);
            return (first.Body!["settlementId"]!.GetValue<string>(), later.Body!["settlementId"]!.GetValue<string>());
        }

        var byHospital = await Treat();
        var byBureau = await Treat();
        var hospitalVoid = await owner.Post($"/api/v1/settlements/{byHospital.Own}/void", new { reason = "duplicate bill" });
        var bureauVoid = await bureau.Post($"/api/v1/settlements/{byBureau.Own}/void", new { reason = "duplicate bill" });
        var adjusted = await other.Get($"/api/v1/settlements/{byHospital.Later}");

        Assert.Equal(HttpStatusCode.OK, hospitalVoid.Status);
        Assert.Empty(hospitalVoid.Body!["adjustments"]!.AsArray());
        Assert.DoesNotContain(byHospital.Later, hospitalVoid.Raw, StringComparison.Ordinal);
        Assert.Equal("Adjusted", adjusted.Body!["status"]!.GetValue<string>());
        Assert.NotEmpty(adjusted.Body["adjustments"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, bureauVoid.Status);
        Assert.Equal([byBureau.Later], bureauVoid.Body!["adjustments"]!.AsArray().Select(a => a!["settlementId"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Void_AnotherHospitalsSettlement_NotFound_AndNothingWritten(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var owner = api.Hospital("H-NK-L2");
        using var other = api.Hospital("H-NK-L3");
        var settled = await owner.Post("/api/v1/settlements", ApiClient.Claim(member), TestIds.Unique("k"));
        var id = settled.Body!["settlementId"]!.GetValue<string>();
        var counts = await api.TableCounts();

        var get = await other.Get($"/api/v1/settlements/{id}");
        var voided = await other.Post($"/api/v1/settlements/{id}/void", new { reason = "not mine" });
        var list = await other.Get("/api/v1/settlements?hospitalId=H-NK-L2");

        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.Equal(HttpStatusCode.NotFound, voided.Status);
        Assert.Equal(HttpStatusCode.Forbidden, list.Status);
        Assert.Equal(counts, await api.TableCounts());
    }

    /// <summary>
    /// Recomputes every stored member-year's accumulators from the ledger alone: the settlements that are not voided,
    /// re-settled with their captured inputs in booking order, and checks the stored figures and the nets agree.
    /// </summary>
    internal static async Task AssertAccumulatorsEqualLedger(ApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IHealthStore>();
        var voided = (await db.Voids.Select(v => v.SettlementId).ToListAsync()).ToHashSet();
        var settlements = await db.Settlements.AsNoTracking().OrderBy(s => s.Seq).ToListAsync();
        var entries = (await db.LedgerEntries.AsNoTracking().ToListAsync()).ToLookup(e => e.SettlementId);
        var stored = await db.Accumulators.AsNoTracking().ToListAsync();
        var policies = PolicySet.Default;
        foreach (var year in settlements.Where(s => !voided.Contains(s.Id)).GroupBy(s => (s.MemberId, s.Year)))
        {
            var chain = year.Select(s => new ChainEntry(SettleClaimHandler.CapturedClaim(s), policies.Version(s.PolicyVersion)!)).ToList();
            var results = YearChain.Settle(chain);
            var row = stored.Single(a => a.MemberId == year.Key.MemberId && a.Year == year.Key.Year);
            Assert.Equal(results[^1].After, AccumulatorStore.ToValue(row));
            foreach (var (settlement, result) in year.Zip(results))
            {
                var net = entries[settlement.Id].Aggregate(default(NetAmounts), (sum, e) => sum + e.Amounts());
                Assert.Equal(NetAmounts.Of(result), net);
            }
        }

        foreach (var row in stored.Where(r => !settlements.Any(s => s.MemberId == r.MemberId && s.Year == r.Year && !voided.Contains(s.Id))))
        {
            Assert.Equal(Accumulators.Empty, AccumulatorStore.ToValue(row));
        }
    }
}
