using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Cli;
using Nankang.Health.LoadGen;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// CI smoke of the scale tools: the load generator's <c>--smoke</c> replay against the service in memory, with its own
/// independent verification; and <c>nankang resettle</c> on a small bulk-loaded database, as a dry run and as a written what-if.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ScaleToolsTests
{
    public static TheoryData<Provider> Providers() => ApiFactory.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoadGenSmoke_AgainstTheService_SettlesEveryAdmissionAndVerifies(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        // A warm-up at full speed, then the rest at a set rate: both phases settle and are verified.
        var options = Options.Parse(["replay", "--smoke", "--key", ApiFactory.BureauKey, "--seed", "11", "--warmup", "100", "--rate", "400"]);
        var county = County.Scaled(options.Seed, options.EffectiveRunId, options.Scale, options.Year, options.Residents, options.Admissions);
        using var http = api.CreateClient();
        var output = new StringWriter();

        var report = await new Replayer(http, options, output, TextWriter.Null).RunAsync(county);

        Assert.True(report.Ok, output.ToString());
        Assert.Contains($"after warm-up (100 admissions at full speed): {county.Admissions.Count - 100:N0} answered", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(county.Admissions.Count, report.Settled);
        Assert.Equal(county.Admissions.Count, report.Verification!.Found);
        Assert.Equal(county.AdmittedMembers.Count, report.Verification.Members);
    }

    [Fact]
    public async Task PaceAsync_StartsEachItemOnce_NotBeforeHalfAMillisecondAheadOfItsTime_AndNoMoreThanTheWorkersAtOnce()
    {
        const int count = 300, workers = 4;
        var ticksPerItem = Stopwatch.Frequency / 2000.0; // 2,000 a second: more than four workers of 3 ms each can take
        var from = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var starts = new long[count];
        var runs = new int[count];
        int running = 0, most = 0;

        await Concurrency.PaceAsync(count, workers, from, ticksPerItem, async j =>
        {
            starts[j] = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref runs[j]);
            var now = Interlocked.Increment(ref running);
            for (var seen = Volatile.Read(ref most); seen < now && Interlocked.CompareExchange(ref most, now, seen) != seen; seen = Volatile.Read(ref most))
            {
            }

            await Task.Delay(3);
            Interlocked.Decrement(ref running);
        }, CancellationToken.None);

        Assert.All(runs, r => Assert.Equal(1, r));
        Assert.Equal(workers, most);
        var halfMs = Stopwatch.Frequency / 2000;
        Assert.All(Enumerable.Range(0, count), j => Assert.True(starts[j] >= from + (long)(j * ticksPerItem) - halfMs, $"item {j} started before it was due"));
    }

    [Fact]
    public async Task PaceAsync_AnItemThatFails_FailsThePacedRun()
    {
        var started = 0;
        var run = Concurrency.PaceAsync(20, 2, Stopwatch.GetTimestamp(), Stopwatch.Frequency / 10_000.0, j =>
        {
            Interlocked.Increment(ref started);
            return j == 5 ? Task.FromException(new InvalidOperationException("item 5")) : Task.CompletedTask;
        }, CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal("item 5", e.Message);
        Assert.Equal(20, started);
    }

    [Fact]
    public void County_SameSeed_SameCounty()
    {
        var a = County.Scaled(5, "T", 1, 2020, residents: 20_000, admissions: 500);
        var b = County.Scaled(5, "T", 1, 2020, residents: 20_000, admissions: 500);

        Assert.Equal(a.Admissions.Select(x => (x.VisitNo, x.Member.NationalId, x.Member.Name, x.TotalCostFen)), b.Admissions.Select(x => (x.VisitNo, x.Member.NationalId, x.Member.Name, x.TotalCostFen)));
        Assert.Equal(a.AdmittedMembers.Count, a.AdmittedMembers.Select(m => m.NationalId).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Resettle_SamePolicyThenWhatIf_TotalsAdjustmentsAndAccumulatorsAgree(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        var options = Options.Parse(["bulkload", "--provider", provider.ToString(), "--connection", api.ConnectionString, "--create", "--residents", "4000", "--admissions", "400"]);
        var county = County.Scaled(options.Seed, options.EffectiveRunId, options.Scale, options.Year, options.Residents, options.Admissions);
        await BulkLoad.RunAsync(county, options, TextWriter.Null, TextWriter.Null);
        string[] database = ["--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", api.ConnectionString];

        // Under the policy each claim was booked under nothing changes, and a dry run writes nothing.
        var progress = new StringWriter();
        var code = await Commands.RunAsync(["resettle", "--year", "2020", .. database], new StringWriter(), progress);
        Assert.Equal(0, code);
        // The bar counts claims, as its total does (it counted member-years, and their claims as errors).
        Assert.Contains("100 % 400/400", progress.ToString().Split('\r')[^1], StringComparison.Ordinal);
        Assert.Contains("errors 0", progress.ToString().Split('\r')[^1], StringComparison.Ordinal);
        (code, var text) = await Cli(["resettle", "--year", "2020", .. database]);
        Assert.Equal(0, code);
        Assert.Contains("400 claims", text);
        Assert.Contains("0 claims change", text);
        Assert.Matches(@"funds total\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d\s+0\.00", text);

        // What-if: basic insurance pays 95 % at level 1 and level 2; written as adjustments.
        var (policy, file) = await WhatIfFile("what-if-2020", 0.95m);
        try
        {
            (code, text) = await Cli(["resettle", "--year", "2020", "--policy", file, "--write", .. database]);
            Assert.Equal(0, code);
            Assert.DoesNotContain(" 0 claims change", text);
            var stores = new StoreFactory(provider.ToString(), api.ConnectionString);
            await using (var db = stores.Open())
            {
                // The ledger's net per settlement and the accumulators now equal re-settling each member-year under the what-if.
                var rows = await db.Settlements.AsNoTracking().Where(s => s.Year == 2020).OrderBy(s => s.Seq).ToListAsync();
                var net = (await db.LedgerEntries.AsNoTracking().ToListAsync()).GroupBy(e => e.SettlementId)
                    .ToDictionary(g => g.Key, g => g.Aggregate(default(NetAmounts), (sum, e) => sum + e.Amounts()));
                var accumulators = await db.Accumulators.AsNoTracking().ToDictionaryAsync(a => a.MemberId);
                foreach (var member in rows.GroupBy(r => r.MemberId))
                {
                    var results = YearChain.Settle([.. member.Select(r => new ChainEntry(SettleClaimHandler.CapturedClaim(r), policy))]);
                    Assert.Equal(results.Select(r => NetAmounts.Of(r)), member.Select(r => net[r.Id]));
                    Assert.Equal(results[^1].After, AccumulatorStore.ToValue(accumulators[member.Key]));
                }
            }

            // Idempotent: the same what-if again changes nothing.
            (code, text) = await Cli(["resettle", "--year", "2020", "--policy", file, "--write", .. database]);
            Assert.Equal(0, code);
            Assert.Contains("0 claims change", text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Void_AfterAWrittenWhatIf_ReSettlesTheLaterClaimsUnderTheWhatIf(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        await api.SeedHospitalsAsync();
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var ids = new List<string>();
        foreach (var amount in new[] { 60000m, 30000m, 45000m })
        {
            var r = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L2", amount), TestIds.Unique("k"));
            ids.Add(r.Body!["settlementId"]!.GetValue<string>());
        }

        string[] database = ["--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", api.ConnectionString];
        var (whatIf, file) = await WhatIfFile("what-if-void-2020", 0.95m);
        var (_, otherFile) = await WhatIfFile("what-if-void-2020", 0.90m);
        var (_, builtInFile) = await WhatIfFile("nankang-2020", 0.95m);
        try
        {
            var (code, text) = await Cli(["resettle", "--year", "2020", "--policy", file, "--write", .. database]);
            Assert.Equal(0, code);
            Assert.Contains("3 claims change", text);

            var voided = await hospital.Post($"/api/v1/settlements/{ids[0]}/void", new { reason = "duplicate bill" });
            Assert.Equal(System.Net.HttpStatusCode.OK, voided.Status);

            // The two later claims now net to settling them alone under the what-if, and so do the accumulators: the void
            // did not put them back under the policy they were booked under.
            var stores = new StoreFactory(provider.ToString(), api.ConnectionString);
            await using (var db = stores.Open())
            {
                var rows = await db.Settlements.AsNoTracking().Where(s => s.MemberId == member).OrderBy(s => s.Seq).ToListAsync();
                var entries = (await db.LedgerEntries.AsNoTracking().Where(e => e.MemberId == member).ToListAsync()).ToLookup(e => e.SettlementId);
                var expected = YearChain.Settle([.. rows.Skip(1).Select(r => new ChainEntry(SettleClaimHandler.CapturedClaim(r), whatIf))]);
                var underBooked = YearChain.Settle([.. rows.Skip(1).Select(r => new ChainEntry(SettleClaimHandler.CapturedClaim(r), PolicySet.Default.Version(r.PolicyVersion)!))]);
                Assert.NotEqual(underBooked.Select(r => NetAmounts.Of(r)), expected.Select(r => NetAmounts.Of(r)));
                Assert.Equal(expected.Select(r => NetAmounts.Of(r)), rows.Skip(1).Select(r => entries[r.Id].Aggregate(default(NetAmounts), (sum, e) => sum + e.Amounts())));
                var acc = await db.Accumulators.AsNoTracking().SingleAsync(a => a.MemberId == member && a.Year == 2020);
                Assert.Equal(expected[^1].After, AccumulatorStore.ToValue(acc));
                Assert.Equal("what-if-void-2020", acc.PolicyVersion);

                // The stored policy is append-only, like the ledger.
                await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE policies SET \"Json\" = '{}'"));
            }

            // One version names one policy: another text under a written version, or a built-in version, is refused.
            (code, text) = await Cli(["resettle", "--year", "2020", "--policy", otherFile, "--write", .. database]);
            Assert.Equal(1, code);
            (code, text) = await Cli(["resettle", "--year", "2020", "--policy", builtInFile, "--write", .. database]);
            Assert.Equal(1, code);

            // Re-settling as booked and writing it puts the member-year back under the booked policy.
            (code, text) = await Cli(["resettle", "--year", "2020", "--write", .. database]);
            Assert.Equal(0, code);
            await using (var db = stores.Open())
            {
                var acc = await db.Accumulators.AsNoTracking().SingleAsync(a => a.MemberId == member && a.Year == 2020);
                Assert.Null(acc.PolicyVersion);
            }

            await VoidTests.AssertAccumulatorsEqualLedger(api);
        }
        finally
        {
            File.Delete(file);
            File.Delete(otherFile);
            File.Delete(builtInFile);
        }
    }

    /// <summary>The built-in policy with basic insurance at <paramref name="basicRate"/> at levels 1 and 2, under <paramref name="version"/>, in a temporary file.</summary>
    private static async Task<(SettlementPolicy Policy, string File)> WhatIfFile(string version, decimal basicRate)
    {
        var json = JsonNode.Parse(File.ReadAllText(PolicyPath()))!;
        json["version"] = version;
        json["basicInsurance"]!["rateByLevel"]!["1"] = basicRate;
        json["basicInsurance"]!["rateByLevel"]!["2"] = basicRate;
        var file = Path.Combine(Path.GetTempPath(), $"what-if-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());
        return (PolicyLoader.Parse(json.ToJsonString()), file);
    }

    private static async Task<(int Code, string Output)> Cli(string[] args)
    {
        var output = new StringWriter();
        var code = await Commands.RunAsync(args, output, TextWriter.Null);
        return (code, output.ToString());
    }

    private static string PolicyPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nankang.Health.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "src", "Nankang.Health.Settlement", "Policies", "nankang-2020.json");
    }
}
