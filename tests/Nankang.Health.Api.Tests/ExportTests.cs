using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Api.Pages;
using Nankang.Health.Application.Allowances;
using Nankang.Health.Application.Budgets;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Reconciliations;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Statements;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The spreadsheet exports (statement, settlement list, reconciliation findings, budgets, caregiver run): each read back
/// as XLSX (MiniExcel) and CSV (Sep) and compared cell by cell with the figures of the JSON route; the format is
/// case-insensitive, a format a route lacks is a 400 naming its formats, and a hospital's files hold only its own rows.
/// </summary>
public sealed partial class ExportTests
{
    private static readonly string[] FundKeys =
        ["basicInsurance", "seriousIllnessInsurance", "supplementaryInsurance", "medicalAssistance", "specialReliefTopUp", "specialReliefHighCost"];

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task EveryExport_ReadBackAsXlsxAndCsv_EqualsTheJsonFigures(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-05T02:00:00Z", CultureInfo.InvariantCulture));
        var world = await World.CreateAsync(host);
        using var bureau = host.Bureau();

        var statement = await Check(bureau, "/api/v1/statements/2020-05", json => StatementRows(json));
        Assert.Contains(statement.Headers, h => h == "净额");
        await Check(bureau, "/api/v1/statements/2020-05/hospitals/H-NK-L2", json => StatementRows(json));

        var list = await Check(bureau, "/api/v1/settlements?hospitalId=H-NK-L2&pageSize=500", SettlementRows);
        Assert.Contains("专项救助（高额费用）(640100)", list.Headers);
        Assert.Contains("医疗救助(610100)", list.Headers);
        Assert.Equal(2, list.Rows);

        var findings = await Check(bureau, $"/api/v1/reconciliations/{world.ReconciliationId}", ReconciliationTotalRows, prefixOnly: true);
        var (_, csvFindings) = ExportFiles.ReadCsv(await bureau.GetByteArrayAsync($"/api/v1/reconciliations/{world.ReconciliationId}?format=csv"));
        var changed = csvFindings.Single(r => r["类别"] == "金额不符");
        Assert.Equal((world.S2, "基本医保", "390100", "1.00"), (changed["结算单号"], changed["项目"], changed["基金编码"], changed["差额(医院−系统)"]));
        var extra = csvFindings.Where(r => r["类别"] == "系统无此结算").ToList();
        Assert.Equal(8, extra.Count);
        Assert.All(extra, r => Assert.Equal(("S-NOT-IN-ENGINE", "3"), (r["结算单号"], r["医院明细行号"])));
        Assert.Equal("80.00", extra.Single(r => r["项目"] == "基本医保")["医院金额"]);
        Assert.True(findings.Rows > 6, "the findings list the detail after the six totals");

        await Check(bureau, "/api/v1/budgets/2020", BudgetRows);
        var run = await Check(bureau, $"/api/v1/allowances/caregiver/runs/{world.RunId}", CaregiverRows);
        Assert.Equal(1, run.Rows);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Format_IsCaseInsensitive_AndAFormatARouteLacksIs400NamingItsFormats(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-05T02:00:00Z", CultureInfo.InvariantCulture));
        var member = await host.CreateMember();
        var settlement = await host.Settle("H-NK-L2", member, 10000m, "2020-05-03");
        using var bureau = host.Bureau();

        var csv = await bureau.GetByteArrayAsync("/api/v1/statements/2020-05?format=csv");
        Assert.Equal(csv, await bureau.GetByteArrayAsync("/api/v1/statements/2020-05?format=CSV"));
        using (var upper = await bureau.GetAsync("/api/v1/settlements?format=XLSX"))
        {
            Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
            Assert.Equal(ExportFiles.XlsxMediaType, upper.Content.Headers.ContentType?.MediaType);
            Assert.Equal(".xlsx", Path.GetExtension(upper.Content.Headers.ContentDisposition?.FileNameStar ?? upper.Content.Headers.ContentDisposition?.FileName?.Trim('"')));
            var (_, rows) = ExportFiles.ReadXlsx(await upper.Content.ReadAsByteArrayAsync());
            Assert.Equal(settlement["settlementId"]!.GetValue<string>(), rows.Single()["结算单号"]);
        }

        foreach (var (url, formats) in new[]
        {
            ("/api/v1/statements/2020-05?format=pdf", "json, csv, xlsx"),
            ("/api/v1/budgets/2020?format=html", "json, csv, xlsx"),
            ("/api/v1/settlements?format=ods", "json, csv, xlsx"),
            ($"/api/v1/settlements/{settlement["settlementId"]}?format=csv", "json"),
            ("/api/v1/reconciliations?format=XLSX", "json"),
        })
        {
            var (status, body, raw) = await bureau.Get(url);
            Assert.True(status == HttpStatusCode.BadRequest, $"{url}: {raw}");
            Assert.Equal($"must be one of: {formats}.", body!["errors"]!["format"]![0]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task HospitalExports_CarryNoOtherHospitalsIdsOrAmounts(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-05T02:00:00Z", CultureInfo.InvariantCulture));
        var world = await World.CreateAsync(host);
        using var hospital = host.Hospital("H-NK-L2");

        // H-NK-L3's settlement, its visit and the one amount only it has.
        string[] foreign = [world.S3["settlementId"]!.GetValue<string>(), world.S3["visitNo"]!.GetValue<string>(), "H-NK-L3", "20000.00"];
        foreach (var url in new[] { "/api/v1/settlements", "/api/v1/settlements?hospitalId=H-NK-L2", "/api/v1/statements/2020-05/hospitals/H-NK-L2", $"/api/v1/reconciliations/{world.ReconciliationId}" })
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                using var response = await hospital.GetAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}format={format}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} {format}: {response.StatusCode}");
                var bytes = await response.Content.ReadAsByteArrayAsync();
                // (The workbook's cells read back as text: 20000 yuan is "20000".)
                var text = format == "csv" ? System.Text.Encoding.UTF8.GetString(bytes) : ExportFiles.XlsxText(bytes).Replace("\n20000\n", "\n20000.00\n", StringComparison.Ordinal);
                Assert.True(text.Length > 0);
                Assert.DoesNotContain(foreign, text.Contains);
            }
        }

        // Another hospital's export is refused as its JSON is, with a problem, not a file.
        foreach (var url in new[] { "/api/v1/settlements?hospitalId=H-NK-L3&format=csv", "/api/v1/statements/2020-05/hospitals/H-NK-L3?format=xlsx", "/api/v1/statements/2020-05?format=csv", "/api/v1/budgets/2020?format=xlsx" })
        {
            var (status, _, raw) = await hospital.Get(url);
            Assert.True(status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{url}: {(int)status} {raw}");
        }

        using var other = host.Hospital("H-NK-L3");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Get($"/api/v1/reconciliations/{world.ReconciliationId}?format=csv")).Status);
    }

    /// <summary>The CSV examples of the OpenAPI document are the export of the JSON example beside them, byte for byte.</summary>
    [Fact]
    public void CsvExamples_AreTheExportOfTheJsonExamples()
    {
        var exports = new Dictionary<string, Func<string, ExportSheet>>
        {
            ["GetStatement"] = j => ExportTables.Statement(Read<StatementView>(j)),
            ["GetHospitalStatement"] = j => ExportTables.Statement(Read<StatementView>(j)),
            ["ListSettlements"] = j => ExportTables.Settlements(Read<SettlementPage>(j)),
            ["GetReconciliation"] = j => ExportTables.ReconciliationFindings(Read<ReconciliationView>(j)),
            ["GetBudgets"] = j => ExportTables.Budgets(Read<BudgetsView>(j)),
            ["GetCaregiverRun"] = j => ExportTables.CaregiverRun(Read<CaregiverRunView>(j)),
            ["ListChildRehabilitationClaims"] = j => ExportTables.RehabClaims(Read<RehabClaimList>(j)),
            ["GetAntiPovertyWarnings"] = j => ExportTables.AntiPovertyWarnings(Read<Application.AntiPoverty.AntiPovertyWarningsView>(j)),
        };
        var failures = new List<string>();
        foreach (var (operation, export) in exports)
        {
            var json = Examples.Response(operation, 200, "application/json")!.ToJsonString();
            var expected = System.Text.Encoding.UTF8.GetString(export(json).ToCsv()).TrimStart('\uFEFF');
            var actual = Examples.Response(operation, 200, "text/csv")?.GetValue<string>();
            if (actual != expected)
            {
                failures.Add($"{operation}: \"200 text/csv\" should be {JsonSerializer.Serialize(expected)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, HealthJson.Options)!;

    /// <summary>
    /// Fetches <paramref name="url"/> as JSON, XLSX and CSV and checks that both files hold, row by row in order, the cells
    /// <paramref name="expected"/> takes from the JSON: amounts as numbers (two decimals in the CSV), times as date cells.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Headers, int Rows)> Check(
        HttpClient client, string url, Func<JsonNode, IEnumerable<Cell[]>> expected, bool prefixOnly = false)
    {
        var (status, json, raw) = await client.Get(url);
        Assert.True(status == HttpStatusCode.OK, $"{url}: {raw}");
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var xlsxResponse = await client.GetAsync($"{url}{separator}format=xlsx");
        Assert.Equal(ExportFiles.XlsxMediaType, xlsxResponse.Content.Headers.ContentType?.MediaType);
        var xlsxBytes = await xlsxResponse.Content.ReadAsByteArrayAsync();
        using var csvResponse = await client.GetAsync($"{url}{separator}format=Csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var (csvHeaders, csv) = ExportFiles.ReadCsv(await csvResponse.Content.ReadAsByteArrayAsync());
        var (xlsxHeaders, xlsx) = ExportFiles.ReadXlsx(xlsxBytes);

        Assert.Equal(csvHeaders, xlsxHeaders);
        Assert.All(csvHeaders, h => Assert.Matches(Chinese(), h));
        Assert.Contains("formatCode=\"0.00\"", ExportFiles.Styles(xlsxBytes), StringComparison.Ordinal);
        var rows = expected(json!).ToList();
        Assert.Equal(csv.Count, xlsx.Count);
        Assert.True(prefixOnly ? csv.Count >= rows.Count : csv.Count == rows.Count, $"{url}: {csv.Count} rows, the JSON has {rows.Count}");
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var cell in rows[i])
            {
                var where = $"{url} row {i + 1} {cell.Header}";
                Assert.True(csv[i].ContainsKey(cell.Header), $"{where}: no such column ({string.Join(", ", csvHeaders)})");
                var (c, x) = (csv[i][cell.Header], xlsx[i][cell.Header]);
                switch (cell.Value)
                {
                    case null:
                        Assert.True(c.Length == 0 && x is null, $"{where}: expected empty, CSV '{c}', XLSX '{x}'");
                        break;
                    case decimal amount:
                        Assert.Matches(TwoDecimals(), c);
                        Assert.True(decimal.Parse(c, CultureInfo.InvariantCulture) == amount, $"{where}: CSV {c}, JSON {amount}");
                        Assert.True(x is double d && Math.Round((decimal)d, 2) == amount, $"{where}: XLSX {x} ({x?.GetType().Name}), JSON {amount}");
                        break;
                    case int count:
                        Assert.Equal(count.ToString(CultureInfo.InvariantCulture), c);
                        Assert.True(x is double n && n == count, $"{where}: XLSX {x} ({x?.GetType().Name}), JSON {count}");
                        break;
                    case DateTimeOffset at:
                        var local = at.ToOffset(TimeSpan.FromHours(8));
                        Assert.Equal(local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), c);
                        Assert.True(x is DateTime t && t == new DateTime(local.DateTime.Ticks - (local.DateTime.Ticks % TimeSpan.TicksPerSecond)),
                            $"{where}: XLSX {x} ({x?.GetType().Name}) is not the date {local}");
                        break;
                    default:
                        var text = Convert.ToString(cell.Value, CultureInfo.InvariantCulture);
                        Assert.Equal(text, c);
                        Assert.Equal(text, x as string);
                        break;
                }
            }
        }

        return (csvHeaders, csv.Count);
    }

    /// <summary>A cell the JSON says a row must hold: decimal = an amount, int = a count, DateTimeOffset = a time, string = text.</summary>
    private sealed record Cell(string Header, object? Value);

    private static decimal? Amount(JsonNode? node) => node?.GetValue<decimal>();

    private static IEnumerable<Cell[]> StatementRows(JsonNode s)
    {
        Cell[] Row(string payee, string payeeName, JsonNode l) =>
        [
            new("月份", s["month"]!.GetValue<string>()), new("收款方", payee), new("收款方名称", payeeName),
            new("支付项目", Show.Line(l["line"]!.GetValue<string>())), new("基金编码", l["fundCode"]!.GetValue<string>()),
            new("结算笔数", l["settlements"]!["count"]!.GetValue<int>()), new("结算金额", Amount(l["settlements"]!["amount"])),
            new("冲销笔数", l["reversals"]!["count"]!.GetValue<int>()), new("冲销金额", Amount(l["reversals"]!["amount"])),
            new("调整笔数", l["adjustments"]!["count"]!.GetValue<int>()), new("调整金额", Amount(l["adjustments"]!["amount"])),
            new("净额", Amount(l["net"])),
        ];
        foreach (var p in s["payees"]!.AsArray())
        {
            foreach (var l in p!["lines"]!.AsArray())
            {
                yield return Row(p["payee"]!.GetValue<string>(), p["payeeName"]!.GetValue<string>(), l!);
            }
        }

        foreach (var l in s["totals"]!.AsArray())
        {
            yield return Row("total", "合计", l!);
        }
    }

    private static IEnumerable<Cell[]> SettlementRows(JsonNode page) => page["items"]!.AsArray().Select(v =>
    {
        var codes = v!["lines"]!.AsArray().ToDictionary(l => l!["fund"]!.GetValue<string>(), l => l!["fundCode"]!.GetValue<string>());
        return (Cell[])
        [
            new("结算单号", v["settlementId"]!.GetValue<string>()), new("医院编码", v["hospitalId"]!.GetValue<string>()),
            new("就诊号", v["visitNo"]!.GetValue<string>()), new("参保人编号", v["memberId"]!.GetValue<string>()),
            new("结算时间", v["bookedAt"]!.GetValue<DateTimeOffset>()), new("医疗总费用", Amount(v["totalCost"])),
            new("政策范围外费用", Amount(v["outOfScopeAmount"])),
            .. FundKeys.Select(f => new Cell($"{Show.Line(f)}({codes[f]})", Amount(v["payments"]![f]))),
            new("基金支付合计", Amount(v["fundTotal"])), new("个人负担", Amount(v["patientPays"])),
            .. FundKeys.Select(f => new Cell($"净额·{Show.Line(f)}({codes[f]})", Amount(v["net"]!["payments"]![f]))),
            new("净额·个人负担", Amount(v["net"]!["patientPays"])),
        ];
    });

    private static IEnumerable<Cell[]> ReconciliationTotalRows(JsonNode r) => r["totals"]!.AsArray().Select(t => (Cell[])
    [
        new("对账单号", r["reconciliationId"]!.GetValue<string>()), new("类别", "总账"), new("项目", Show.Line(t!["fund"]!.GetValue<string>())),
        new("基金编码", t["fundCode"]!.GetValue<string>()), new("系统金额", Amount(t["engine"])), new("医院金额", Amount(t["hospital"])),
        new("差额(医院−系统)", Amount(t["difference"])), new("医院明细合计", Amount(t["hospitalDetail"])),
        new("提交时间", r["submittedAt"]!.GetValue<DateTimeOffset>()),
    ]);

    private static IEnumerable<Cell[]> BudgetRows(JsonNode b) => b["funds"]!.AsArray().Select(f => (Cell[])
    [
        new("年度", b["year"]!.GetValue<int>()), new("截至", b["asOf"]!.GetValue<DateTimeOffset>()),
        new("基金", Show.Line(f!["fund"]!.GetValue<string>())), new("基金编码", f["fundCode"]!.GetValue<string>()),
        new("年度预算", Amount(f["budget"])), new("已支出", Amount(f["spent"])), new("已承诺", Amount(f["committed"])),
        new("预算余额", Amount(f["remaining"])), new("年末预计支出", Amount(f["projectedYearEnd"])),
        new("预计超支", f["projectedOverrun"]!.GetValue<bool>() ? "是" : "否"), new("预计超支金额", Amount(f["projectedOverrunBy"])),
    ]);

    private static IEnumerable<Cell[]> CaregiverRows(JsonNode run) => run["members"]!.AsArray().Select(m => (Cell[])
    [
        new("批次号", run["runId"]!.GetValue<string>()), new("运行时间", run["ranAt"]!.GetValue<DateTimeOffset>()),
        new("参保人编号", m!["memberId"]!.GetValue<string>()), new("享受月数", m["months"]!.AsArray().Count),
        new("应享金额", Amount(m["entitlement"])), new("此前已发", Amount(m["paidBefore"])), new("本次发放", Amount(m["due"])),
    ]);

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    [GeneratedRegex(@"^-?\d+\.\d{2}$")]
    private static partial Regex TwoDecimals();

    /// <summary>
    /// May 2020 at three hospitals: H-NK-L2 settles two (one voided later, one out-of-scope fee), H-NK-L3 one of the same
    /// member (adjusted by the void); a caregiver run, a special relief budget, and H-NK-L2's reconciliation with a changed,
    /// an extra and a missing settlement.
    /// </summary>
    private sealed record World(JsonNode S3, string S2, string RunId, string ReconciliationId)
    {
        public static async Task<World> CreateAsync(BureauHost host)
        {
            var (a, b) = (await host.CreateMember(), await host.CreateMember(poor: false));
            var s1 = await host.Settle("H-NK-L2", a, 10000m, "2020-05-03", outOfScope: 500m);
            host.At("2020-05-06T03:00:00Z");
            var s2 = await host.Settle("H-NK-L2", b, 15000m, "2020-05-04");
            var s3 = await host.Settle("H-NK-L3", a, 20000m, "2020-05-05");
            host.At("2020-05-20T03:00:00Z");
            await host.Void("H-NK-L2", s1["settlementId"]!.GetValue<string>());

            using var bureau = host.Bureau();
            var (certified, _, certRaw) = await bureau.Put($"/api/v1/members/{a}/care-certifications",
                new JsonObject { ["certifications"] = new JsonArray(new JsonObject { ["condition"] = "stroke", ["from"] = "2020-01-01", ["to"] = null }) });
            Assert.True(certified == HttpStatusCode.OK, certRaw);
            host.At("2020-05-25T01:00:00Z");
            var (ran, run, runRaw) = await bureau.Post("/api/v1/allowances/caregiver/runs", new JsonObject { ["year"] = 2020 });
            Assert.True(ran == HttpStatusCode.Created, runRaw);
            var (budgeted, _, budgetRaw) = await bureau.Put("/api/v1/budgets/2020/specialRelief", new JsonObject { ["amount"] = 5000000.00m });
            Assert.True(budgeted is HttpStatusCode.Created or HttpStatusCode.OK, budgetRaw);

            host.At("2020-06-05T02:00:00Z");
            using var hospital = host.Hospital("H-NK-L2");
            var (_, part, _) = await hospital.Get("/api/v1/statements/2020-05/hospitals/H-NK-L2");
            var totals = new JsonObject();
            foreach (var line in part!["payees"]![0]!["lines"]!.AsArray())
            {
                totals[line!["line"]!.GetValue<string>()] = line["net"]!.GetValue<decimal>();
            }

            // s2 with one yuan more basic insurance than the engine, and a settlement the engine never booked; s1 (settled and
            // voided in May, net zero) left out.
            var p = s2["payments"]!;
            string A(decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
            var detail = "visitNo,settlementId,totalCost," + string.Join(',', FundKeys) + ",patientPays\r\n" +
                $"{s2["visitNo"]},{s2["settlementId"]},{A(s2["totalCost"]!.GetValue<decimal>())},{A(p["basicInsurance"]!.GetValue<decimal>() + 1.00m)}," +
                string.Join(',', FundKeys.Skip(1).Select(f => A(p[f]!.GetValue<decimal>()))) + $",{A(s2["patientPays"]!.GetValue<decimal>())}\r\n" +
                "ZY-X,S-NOT-IN-ENGINE,100.00,80.00,0,0,0,0,0,20.00\r\n";
            var (reconciled, reconciliation, reconRaw) = await hospital.Post("/api/v1/reconciliations",
                new JsonObject { ["hospitalId"] = "H-NK-L2", ["month"] = "2020-05", ["totals"] = totals, ["detailCsv"] = detail });
            Assert.True(reconciled == HttpStatusCode.Created, reconRaw);
            return new World(s3, s2["settlementId"]!.GetValue<string>(), run!["runId"]!.GetValue<string>(), reconciliation!["reconciliationId"]!.GetValue<string>());
        }
    }
}
