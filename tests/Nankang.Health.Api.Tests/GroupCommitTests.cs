using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Persistence.GroupCommit;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// Group commit under fire: many parallel settlements of a few members, with retried keys (same body) and reused keys
/// (other body). The ledger must be some serial order: every settlement equals settling the member-year's claims one by one
/// in booking order, every key books at most once, every visit at most once. Small batches, so that a member's claims, a
/// key's retries and a visit's second key fall in one batch as often as in consecutive ones.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GroupCommitTests
{
    public static TheoryData<Provider> Providers() => ApiFactory.Providers();

    /// <summary>With keys reused for other bodies: whichever body comes first wins the key, the others are 409.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public Task ParallelSettlements_WithGroupCommit_EqualASerialOrderAndBookEachKeyOnce(Provider provider) =>
        SettleInParallelAndCheck(provider, reuseKeys: true);

    /// <summary>First sends, retries, and every third visit sent again a moment later under a second key: one booking per visit.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public Task ParallelSettlements_WithSecondKeysForAVisit_BookEachVisitOnce(Provider provider) =>
        SettleInParallelAndCheck(provider, reuseKeys: false);

    /// <summary>The writer's instruments: each settlement's wait for its batch and the lag from its commit to its answer, each batch's size and phases.</summary>
    [Fact]
    public async Task WriterInstruments_RecordTheWaitTheAnswerLagTheBatchAndItsPhases()
    {
        var seen = new System.Collections.Concurrent.ConcurrentBag<(string Name, double Value, string? Phase)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WriterMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            string? phase = null;
            foreach (var tag in tags)
            {
                phase = tag.Key == "phase" ? tag.Value as string : phase;
            }

            seen.Add((instrument.Name, value, phase));
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => seen.Add((instrument.Name, value, null)));
        listener.Start();

        await using var api = ApiFactory.Create(Provider.Sqlite);
        api.Settings["Settlement:GroupCommit"] = "true";
        await api.SeedHospitalsAsync();
        var member = await api.CreateMember();
        using var bureau = api.Bureau();
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(c => bureau.Post(
            "/api/v1/settlements", ApiClient.Claim(member, ApiFactory.HospitalIds[1], 2000m + c, visitNo: $"I{c}-{Guid.NewGuid():N}"[..30]), $"instr-{c}-{Guid.NewGuid():N}")));
        listener.Dispose();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        var all = seen.ToArray();
        Assert.True(all.Count(m => m.Name == "nankang.settlement.answer.lag") >= 6, "an answer lag per settlement");
        Assert.True(all.Count(m => m.Name == "nankang.settlement.queue.wait") >= 6, "a queue wait per settlement");
        Assert.All(all.Where(m => m.Name is "nankang.settlement.answer.lag" or "nankang.settlement.queue.wait"), m => Assert.InRange(m.Value, 0, 60_000));
        Assert.True(all.Where(m => m.Name == "nankang.settlement.batch.size").Sum(m => m.Value) >= 6, "batch sizes add up to the settlements");
        Assert.Equal(["commit", "read", "settle", "sync", "write"], all.Where(m => m.Name == "nankang.settlement.batch.phase").Select(m => m.Phase!).Distinct().Order());
    }

    private static async Task SettleInParallelAndCheck(Provider provider, bool reuseKeys)
    {
        await using var api = ApiFactory.Create(provider);
        api.Settings["Settlement:GroupCommit"] = "true";
        api.Settings["Settlement:MaxBatch"] = "16";
        await api.SeedHospitalsAsync();
        var members = new List<string>();
        for (var m = 0; m < 6; m++)
        {
            members.Add(await api.CreateMember(m % 2 == 0 ? ApiClient.Poor() : null));
        }

        // 6 members × 12 claims; each claim sent twice with its key (a retry), every fourth also with its key and another body.
        var sends = new List<(string Key, JsonObject Body)>();
        for (var m = 0; m < members.Count; m++)
        {
            for (var c = 0; c < 12; c++)
            {
                var key = $"k-{m}-{c}";
                var claim = ApiClient.Claim(members[m], ApiFactory.HospitalIds[1 + (c % 3)], 3000m + (c * 7919 % 40000), visitNo: $"V{m}-{c}-{Guid.NewGuid():N}"[..30]);
                sends.Add((key, claim));
                sends.Add((key, (JsonObject)claim.DeepClone()));
                if (!reuseKeys && c % 3 == 0)
                {
                    sends.Add(($"d-{m}-{c}", (JsonObject)claim.DeepClone()));
                }

                if (reuseKeys && c % 4 == 0)
                {
                    var other = (JsonObject)claim.DeepClone();
                    other["visitNo"] = $"W{m}-{c}";
                    sends.Add((key, other));
                }
            }
        }

        using var bureau = api.Bureau();
        // The second keys of a visit come a little later, so that many land in the batch after their visit's first booking.
        var answers = await Task.WhenAll(sends.Select((s, i) => Task.Run(async () =>
        {
            if (s.Key.StartsWith("d-", StringComparison.Ordinal))
            {
                await Task.Delay(1 + (i % 20));
            }

            return await bureau.Post("/api/v1/settlements", s.Body, s.Key);
        })));
        // Without key reuse each visit is booked exactly once, whichever of its two keys won; the other key's sends are 409.
        // (With reuse, the other body may win its key, and then the visit is never booked.)
        foreach (var visit in sends.Zip(answers).GroupBy(x => x.First.Body["visitNo"]!.GetValue<string>()).Where(_ => !reuseKeys))
        {
            Assert.Single(visit, x => x.Second.Status == HttpStatusCode.Created);
            var winningKey = visit.Single(x => x.Second.Status == HttpStatusCode.Created).First.Key;
            Assert.All(visit.Where(x => x.First.Key != winningKey), x => Assert.True(x.Second.Status == HttpStatusCode.Conflict, x.Second.Raw));
        }

        var byKey = sends.Zip(answers).GroupBy(x => x.First.Key).Where(g => g.Any(x => x.Second.Status == HttpStatusCode.Created)).ToList();
        foreach (var group in byKey)
        {
            var created = group.Where(x => x.Second.Status == HttpStatusCode.Created).ToList();
            Assert.Single(created);
            var winner = created[0];
            foreach (var (send, (status, body, raw)) in group.Where(x => x.Second.Status != HttpStatusCode.Created))
            {
                if (JsonNode.DeepEquals(send.Body, winner.First.Body))
                {
                    Assert.True(status == HttpStatusCode.OK, raw);
                    Assert.Equal(winner.Second.Body!["settlementId"]!.GetValue<string>(), body!["settlementId"]!.GetValue<string>());
                }
                else
                {
                    Assert.True(status == HttpStatusCode.Conflict, raw);
                }
            }
        }

        var (settlements, accumulators) = await api.WithDb(async db => (
            await db.Settlements.AsNoTracking().Where(s => members.Contains(s.MemberId)).OrderBy(s => s.Seq).ToListAsync(),
            await db.Accumulators.AsNoTracking().Where(a => members.Contains(a.MemberId)).ToListAsync()));
        Assert.Equal(byKey.Count, settlements.Count);
        Assert.Equal(settlements.Count, settlements.Select(s => (s.HospitalId, s.VisitNo)).Distinct().Count());
        Assert.True(settlements.Select(s => s.BookedAt).Distinct().Count() < settlements.Count, "no two settlements shared a commit");

        var policy = PolicySet.Default.Version("nankang-2020")!;
        foreach (var memberYear in settlements.GroupBy(s => (s.MemberId, s.Year)))
        {
            var rows = memberYear.ToList();
            var serial = YearChain.Settle([.. rows.Select(r => new ChainEntry(SettleClaimHandler.CapturedClaim(r), policy))]);
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Equal(serial[i].Payments.BasicInsurance.Fen, rows[i].BasicInsurance);
                Assert.Equal(serial[i].Payments.SeriousIllnessInsurance.Fen, rows[i].SeriousIllnessInsurance);
                Assert.Equal(serial[i].Payments.MedicalAssistance.Fen, rows[i].MedicalAssistance);
                Assert.Equal(serial[i].Payments.SpecialReliefHighCost.Fen, rows[i].SpecialReliefHighCost);
                Assert.Equal(serial[i].PatientPays.Fen, rows[i].PatientPays);
            }

            var stored = Assert.Single(accumulators, a => a.MemberId == memberYear.Key.MemberId && a.Year == memberYear.Key.Year);
            Assert.Equal(serial[^1].After, AccumulatorStore.ToValue(stored));
        }
    }
}
