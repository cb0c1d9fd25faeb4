using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
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
        var options = Options.Parse(["bulkload", "--provider", provider.ToString(), "--connection", api.ConnectionString, "--residents", "4000", "--admissions", "400"]);
        var county = County.Scaled(options.Seed, options.EffectiveRunId, options.Scale, options.Year, options.Residents, options.Admissions);
        await BulkLoad.RunAsync(county, options, TextWriter.Null, TextWriter.Null);
        string[] database = ["--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", api.ConnectionString];

        // Under the policy each claim was booked under nothing changes, and a dry run writes nothing.
        var (code, text) = await Cli(["resettle", "--year", "2020", .. database]);
        Assert.Equal(0, code);
        Assert.Contains("400 claims", text);
        Assert.Contains("0 claims change", text);
        Assert.Matches(@"funds total\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d\s+0\.00", text);

        // What-if: basic insurance pays 95 % at level 1 and level 2; written as adjustments.
        var whatIf = JsonNode.Parse(File.ReadAllText(PolicyPath()))!;
        whatIf["version"] = "what-if-2020";
        whatIf["basicInsurance"]!["rateByLevel"]!["1"] = 0.95m;
        whatIf["basicInsurance"]!["rateByLevel"]!["2"] = 0.95m;
        var file = Path.Combine(Path.GetTempPath(), $"what-if-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, whatIf.ToJsonString());
        try
        {
            (code, text) = await Cli(["resettle", "--year", "2020", "--policy", file, "--write", .. database]);
            Assert.Equal(0, code);
            Assert.DoesNotContain(" 0 claims change", text);
            var policy = PolicyLoader.Parse(whatIf.ToJsonString());
            var stores = new StoreFactory(provider.ToString(), api.ConnectionString);
            await using (var db = stores.Open())
            {
                // The ledger's net per settlement and the accumulators now equal re-settling each member-year under the what-if.
                var rows = await db.Settlements.AsNoTracking().Where(s => s.Year == 2020).OrderBy(s => s.Seq).ToListAsync();
                var net = (await db.LedgerEntries.AsNoTracking().ToListAsync()).GroupBy(e => e.SettlementId)
                    .ToDictionary(g => g.Key, g => g.Aggregate(default(NetAmounts), (sum, e) => sum + SettlementViews.Amounts(e)));
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
