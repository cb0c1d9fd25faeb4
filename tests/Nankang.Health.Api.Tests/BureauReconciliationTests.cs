using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Nankang.Health.Api.Tests;

/// <summary>Monthly reconciliation of a hospital's totals and detail with the engine.</summary>
public sealed class BureauReconciliationTests
{
    private static readonly string[] Funds =
        ["basicInsurance", "seriousIllnessInsurance", "supplementaryInsurance", "medicalAssistance", "specialReliefTopUp", "specialReliefHighCost"];

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Reconcile_DetailWithMissingExtraAndChangedLines_ListsEachAndStoresTheAnswer(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-10T02:00:00Z", CultureInfo.InvariantCulture));
        var member = await host.CreateMember();
        var other = await host.CreateMember(poor: false);
        var s1 = await host.Settle("H-NK-L2", member, 8000m);
        var s2 = await host.Settle("H-NK-L2", other, 15000m);
        var s3 = await host.Settle("H-NK-L2", other, 2500m);
        await host.Settle("H-NK-L3", member, 9000m);
        host.At("2020-06-05T02:00:00Z");
        using var hospital = host.Hospital("H-NK-L2");
        var totals = await EngineTotals(hospital);

        var csv = new StringBuilder("\uFEFFvisitNo,settlementId,totalCost,basicInsurance,seriousIllnessInsurance,supplementaryInsurance,medicalAssistance,specialReliefTopUp,specialReliefHighCost,patientPays\r\n");
        csv.Append(Line(s1)).Append(Line(s2, basicDelta: 1.00m)).Append("ZY-X,S-NOT-IN-ENGINE,100.00,80.00,0,0,0,0,0,20.00\r\n");
        var (status, body, raw) = await hospital.Post("/api/v1/reconciliations", Body("H-NK-L2", totals, csv.ToString()));
        Assert.True(status == HttpStatusCode.Created, raw);
        Assert.Equal("DetailDiffers", body!["verdict"]!.GetValue<string>());
        Assert.True(body["totalsAgree"]!.GetValue<bool>());
        var detail = body["detail"]!;
        Assert.Equal(1, detail["matched"]!.GetValue<int>());
        Assert.Equal("S-NOT-IN-ENGINE", detail["missingInEngine"]![0]!["settlementId"]!.GetValue<string>());
        Assert.Equal(4, detail["missingInEngine"]![0]!["lines"]![0]!.GetValue<int>());
        Assert.Equal(Id(s3), detail["missingInHospital"]!.AsArray().Single()!["settlementId"]!.GetValue<string>());
        var difference = detail["differences"]!.AsArray().Single()!;
        Assert.Equal(Id(s2), difference["settlementId"]!.GetValue<string>());
        var field = difference["fields"]!.AsArray().Single()!;
        Assert.Equal("basicInsurance", field["field"]!.GetValue<string>());
        Assert.Equal(1.00m, field["difference"]!.GetValue<decimal>());
        decimal Basic(JsonNode settlement) => settlement["payments"]!["basicInsurance"]!.GetValue<decimal>();
        var basic = body["totals"]!.AsArray().Single(t => t!["fund"]!.GetValue<string>() == "basicInsurance")!;
        Assert.Equal(Basic(s1) + Basic(s2) + 1.00m + 80.00m, basic["hospitalDetail"]!.GetValue<decimal>());
        Assert.Equal(Basic(s1) + Basic(s2) + Basic(s3), basic["engine"]!.GetValue<decimal>());

        var id = body["reconciliationId"]!.GetValue<string>();
        var (again, againBody, _) = await hospital.Get($"/api/v1/reconciliations/{id}");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(body.ToJsonString(), againBody!.ToJsonString());
        using var otherHospital = host.Hospital("H-NK-L3");
        Assert.Equal(HttpStatusCode.NotFound, (await otherHospital.Get($"/api/v1/reconciliations/{id}")).Status);
        using var bureau = host.Bureau();
        Assert.Equal(HttpStatusCode.OK, (await bureau.Get($"/api/v1/reconciliations/{id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherHospital.Post("/api/v1/reconciliations", Body("H-NK-L2", totals, null))).Status);
        var (_, list, _) = await hospital.Get("/api/v1/reconciliations?month=2020-05");
        Assert.Equal(id, list!.AsArray().Single()!["reconciliationId"]!.GetValue<string>());
        Assert.Empty((await otherHospital.Get("/api/v1/reconciliations")).Body!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await otherHospital.Get("/api/v1/reconciliations?hospitalId=H-NK-L2")).Status);

        // The exact detail and totals agree; one fen off in a total is reported on that fund.
        var exact = new StringBuilder("visitNo,settlementId,totalCost,basicInsurance,seriousIllnessInsurance,supplementaryInsurance,medicalAssistance,specialReliefTopUp,specialReliefHighCost,patientPays\n")
            .Append(Line(s1)).Append(Line(s2)).Append(Line(s3)).ToString();
        var (_, agreed, agreedRaw) = await hospital.Post("/api/v1/reconciliations", Body("H-NK-L2", totals, exact));
        Assert.True(agreed!["verdict"]!.GetValue<string>() == "Agreed", agreedRaw);
        Assert.Equal(3, agreed["detail"]!["matched"]!.GetValue<int>());
        var offByOneFen = totals.DeepClone().AsObject();
        offByOneFen["medicalAssistance"] = offByOneFen["medicalAssistance"]!.GetValue<decimal>() + 0.01m;
        var (_, differ, _) = await hospital.Post("/api/v1/reconciliations", Body("H-NK-L2", offByOneFen, null));
        Assert.Equal("TotalsDiffer", differ!["verdict"]!.GetValue<string>());
        var ma = differ["totals"]!.AsArray().Single(t => t!["fund"]!.GetValue<string>() == "medicalAssistance")!;
        Assert.Equal(0.01m, ma["difference"]!.GetValue<decimal>());
        Assert.Equal("610100", ma["fundCode"]!.GetValue<string>());
        Assert.Null(differ["detail"]);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Reconcile_MalformedCsv_Returns400NamingLineAndColumn_StoresNothing(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-06-05T02:00:00Z", CultureInfo.InvariantCulture));
        using var hospital = host.Hospital("H-NK-L2");
        var totals = await EngineTotals(hospital);
        const string Header = "visitNo,settlementId,totalCost,basicInsurance,seriousIllnessInsurance,supplementaryInsurance,medicalAssistance,specialReliefTopUp,specialReliefHighCost,patientPays\n";
        var cases = new (string Csv, string[] Expected)[]
        {
            (Header + "V1,S1,100.00,80.00,0,0,0,0,0,20.00\nV2,S2,100.00,abc,0,0,0,0,0,20.00\n", ["line 3, column 4 (basicInsurance)"]),
            (Header + "V1,S1,100.00,80.00,0,0,0,0,0.001,20.00\n", ["line 2, column 9 (specialReliefHighCost)"]),
            (Header + "V1,S1,100.00,80.00,0,0,0,0,20.00\n", ["line 2: 9 columns"]),
            (Header + ",S1,100.00,80.00,0,0,0,0,0,20.00\n", ["line 2, column 1 (visitNo)"]),
            ("visitNo,settlementId,totalCost,basic,seriousIllnessInsurance,supplementaryInsurance,medicalAssistance,specialReliefTopUp,specialReliefHighCost,patientPays\n",
                ["line 1, column 4: unknown column 'basic'", "column 'basicInsurance' is missing"]),
            (Header + "V1,\"S1,100.00,80.00,0,0,0,0,0,20.00\n", ["line 2: column 2"]),
            (string.Empty, ["line 1: the header is missing"]),
        };
        foreach (var (csv, expected) in cases)
        {
            var (status, body, raw) = await hospital.Post("/api/v1/reconciliations", Body("H-NK-L2", totals, csv));
            Assert.True(status == HttpStatusCode.BadRequest, raw);
            var messages = body!["errors"]!["detailCsv"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
            foreach (var text in expected)
            {
                Assert.True(messages.Any(m => m.Contains(text, StringComparison.Ordinal)), $"'{text}' not in {raw}");
            }
        }

        var (missing, missingBody, _) = await hospital.Post("/api/v1/reconciliations", new JsonObject { ["hospitalId"] = "H-NK-L2", ["month"] = "2020-5" });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.NotNull(missingBody!["errors"]!["month"]);
        Assert.NotNull(missingBody["errors"]!["totals"]);
        Assert.Equal(0, await host.Db(db => db.Reconciliations.CountAsync()));
    }

    private static string Id(JsonNode settlement) => settlement["settlementId"]!.GetValue<string>();

    private static string Line(JsonNode s, decimal basicDelta = 0m)
    {
        var p = s["payments"]!;
        string A(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
        return $"{s["visitNo"]},{Id(s)},{A(s["totalCost"]!.GetValue<decimal>())},{A(p["basicInsurance"]!.GetValue<decimal>() + basicDelta)}," +
            string.Join(',', Funds.Skip(1).Select(f => A(p[f]!.GetValue<decimal>()))) + $",{A(s["patientPays"]!.GetValue<decimal>())}\r\n";
    }

    /// <summary>The hospital's May nets per fund, as its own statement gives them.</summary>
    private static async Task<JsonObject> EngineTotals(HttpClient hospital)
    {
        var (_, statement, _) = await hospital.Get("/api/v1/statements/2020-05/hospitals/H-NK-L2");
        var totals = new JsonObject();
        foreach (var line in statement!["payees"]![0]!["lines"]!.AsArray())
        {
            totals[line!["line"]!.GetValue<string>()] = line["net"]!.GetValue<decimal>();
        }

        return totals;
    }

    private static JsonObject Body(string hospitalId, JsonObject totals, string? csv) => new()
    {
        ["hospitalId"] = hospitalId, ["month"] = "2020-05", ["totals"] = totals.DeepClone(), ["detailCsv"] = csv,
    };
}
