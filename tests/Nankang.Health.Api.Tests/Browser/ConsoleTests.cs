using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Nankang.Health.Api.Tests.Browser;

/// <summary>
/// The bureau's console in Debian's Chromium: what a clerk sees and does, checked against the API's figures for the same
/// things. One browser and one service per provider for the class (<see cref="ConsoleHost"/>).
/// </summary>
public sealed partial class ConsoleTests(ConsoleHost console) : IClassFixture<ConsoleHost>
{
    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task SignIn_WrongPasswordRefused_FifthFailureLocksEvenTheRightPassword(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await context.NewPageAsync();

        await SignIn(page, "clerk", "not-the-password-1");
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
        Assert.Contains("用户名或密码不正确", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SignIn(page, "locky", $"wrong-password-{attempt}");
        }

        await SignIn(page, "locky", ConsoleHost.Password);
        Assert.Contains("账户已锁定", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);

        // Fifteen minutes later the right password opens the console again.
        var clock = district.Host.Clock.Now;
        district.Host.Clock.Now = clock.AddMinutes(16);
        try
        {
            await SignIn(page, "locky", ConsoleHost.Password);
            Assert.EndsWith("/", page.Url, StringComparison.Ordinal);
        }
        finally
        {
            district.Host.Clock.Now = clock;
        }

        using var bureau = district.Host.Bureau();
        var (_, audit, _) = await bureau.Get("/api/v1/audit?keyId=u:locky&action=console.signin&pageSize=100");
        var statuses = audit!["items"]!.AsArray().Select(i => i!["status"]!.GetValue<int>()).ToList();
        Assert.Equal([401, 401, 401, 401, 401, 423, 200], statuses);
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task SignIn_FirstPassword_MustBeChangedBeforeAnyPage(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await context.NewPageAsync();

        await SignIn(page, "newbie", ConsoleHost.Password);
        Assert.Contains("/account/password", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/settlements");
        Assert.Contains("/account/password", page.Url, StringComparison.Ordinal);

        await page.FillAsync("#current", ConsoleHost.Password);
        await page.FillAsync("#new", "Changed-password-2020");
        await page.ClickAsync("main button[type=submit]");
        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/settlements");
        Assert.Contains("/settlements", page.Url, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Dashboard_FiguresEqualTheApis(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await SignedIn(context, "clerk");
        await page.GotoAsync("/?year=2020&month=5");
        using var bureau = district.Host.Bureau();

        var (_, list, _) = await bureau.Get("/api/v1/settlements?from=2020-05-01&to=2020-05-31&pageSize=500");
        var items = list!["items"]!.AsArray().Select(i => i!).ToList();
        Assert.Equal(list["total"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), await Figure(page, "settlements"));
        var poor = items.Where(i => district.PoorMembers.Contains(i["memberId"]!.GetValue<string>())).ToList();
        Assert.Equal(poor.Select(i => i["memberId"]!.GetValue<string>()).Distinct().Count().ToString(CultureInfo.InvariantCulture), await Figure(page, "poorPatients"));
        var ratio = Math.Round(poor.Sum(i => Yuan(i["fundTotal"])) / poor.Sum(i => Yuan(i["totalCost"])), 4, MidpointRounding.AwayFromZero);
        Assert.Equal(Percent(ratio), await Figure(page, "poorRatio"));

        var (_, statement, _) = await bureau.Get("/api/v1/statements/2020-05");
        Assert.Equal(Amount(statement!["net"]), await Figure(page, "monthNet"));
        foreach (var payee in statement["payees"]!.AsArray())
        {
            var row = page.Locator($"tr[data-payee='{payee!["payee"]!.GetValue<string>()}'] td.num");
            Assert.Equal(Amount(payee["net"]), await row.InnerTextAsync());
        }

        var (_, budgets, _) = await bureau.Get("/api/v1/budgets/2020");
        foreach (var fund in budgets!["funds"]!.AsArray().Where(f => f!["fund"]!.GetValue<string>() is "specialRelief" or "childRehabilitation"))
        {
            var figures = page.Locator($"dl[data-fund='{fund!["fund"]!.GetValue<string>()}']");
            Assert.Equal(Amount(fund["budget"]), await figures.Locator("[data-figure=budget]").InnerTextAsync());
            Assert.Equal(Amount(fund["spent"]), await figures.Locator("[data-figure=spent]").InnerTextAsync());
            Assert.Equal(Amount(fund["committed"]), await figures.Locator("[data-figure=committed]").InnerTextAsync());
            Assert.Equal(Amount(fund["remaining"]), await figures.Locator("[data-figure=remaining]").InnerTextAsync());
            Assert.Equal(Amount(fund["projectedYearEnd"]), await figures.Locator("[data-figure=projected]").InnerTextAsync());
        }

        // The budgets' download is the API's budgets of the year as CSV, byte for byte.
        await AssertCsvDownloadIsTheApis(page, bureau, "/api/v1/budgets/2020?format=csv");

        // 5,000,000, 2,850,000 and 2,600,000 (防贫保 premium): the plan's budgets for 2020, seeded with the schema.
        Assert.Equal("5,000,000.00", await page.Locator("dl[data-fund='specialRelief'] [data-figure=budget]").InnerTextAsync());
        Assert.Equal("2,850,000.00", await page.Locator("dl[data-fund='childRehabilitation'] [data-figure=budget]").InnerTextAsync());
        Assert.Equal("2,600,000.00", await page.Locator("dl[data-fund='antiPovertyInsurance'] [data-figure=budget]").InnerTextAsync());

        // Below 90%: the unreferred stay in the city and the Dibao patient (no 90% guarantee), each with its reason.
        var unreferred = page.Locator("tr", new() { Has = page.Locator($"a[href='/settlements/{district.Unreferred}']") });
        Assert.Contains("区外住院未办理转诊", await unreferred.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("非建档立卡贫困户", await page.Locator("tr", new() { Has = page.Locator($"a[href='/settlements/{district.Dibao}']") }).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"a[href='/settlements/{district.InDistrict}']").CountAsync());
        Assert.Equal(3, await page.Locator("svg.chart").CountAsync() - 1);

        await Screenshot(page, provider, "console-dashboard.png");
        await unreferred.Locator("a").ClickAsync();
        var (_, settlement, _) = await bureau.Get($"/api/v1/settlements/{district.Unreferred}");
        Assert.Equal(Amount(settlement!["totalCost"]), await Figure(page, "totalCost"));
        Assert.Equal(Amount(settlement["patientPays"]), await Figure(page, "patientPays"));
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Statement_CloseAfterConfirmation_FreezesTheMonthUnderThePersonsName(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await SignedIn(context, "clerk");
        using var bureau = district.Host.Bureau();

        await page.GotoAsync("/statements/2020-04");
        await page.ClickAsync("text=关账…");
        Assert.Contains("确认关闭 2020-04", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        var (_, before, _) = await bureau.Get("/api/v1/statements/2020-04");
        Assert.Equal("Open", before!["status"]!.GetValue<string>());
        await page.ClickAsync("text=确认关账");
        Assert.Equal("已关账", await Figure(page, "status"));

        var (_, after, _) = await bureau.Get("/api/v1/statements/2020-04");
        Assert.Equal("Closed", after!["status"]!.GetValue<string>());
        var (_, audit, _) = await bureau.Get("/api/v1/audit?action=statement.close&pageSize=100");
        Assert.Contains(audit!["items"]!.AsArray(), i => i!["keyId"]!.GetValue<string>() == "u:clerk" && i["target"]!.GetValue<string>() == "month:2020-04");

        // The May statement page, with every payee's lines, as the README shows it; its CSV is the API's, byte for byte.
        await page.GotoAsync("/statements/2020-05");
        await Screenshot(page, provider, "console-statement.png");
        await AssertCsvDownloadIsTheApis(page, bureau, "/api/v1/statements/2020-05?format=csv");
        Assert.Equal(Amount((await bureau.Get("/api/v1/statements/2020-05")).Body!["net"]), await Figure(page, "net"));

        // The Excel download read back: one row per payee and line (then the 合计 rows), amounts as numbers equal to the API's.
        var workbook = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[data-download='xlsx']"));
        Assert.Equal("statement-2020-05.xlsx", workbook.SuggestedFilename);
        var rows = MiniExcelLibs.MiniExcel.Query(await workbook.PathAsync(), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX)
            .Cast<IDictionary<string, object>>().ToList();
        var (_, may, _) = await bureau.Get("/api/v1/statements/2020-05");
        var lines = may!["payees"]!.AsArray().SelectMany(p => p!["lines"]!.AsArray().Select(l => (Payee: p["payee"]!.GetValue<string>(), Line: l!))).ToList();
        Assert.Equal(lines.Count + may["totals"]!.AsArray().Count, rows.Count);
        foreach (var (payee, line) in lines)
        {
            var row = Assert.Single(rows, r => (string)r["收款方"] == payee && (string)r["支付项目"] == Pages.Show.Line(line["line"]!.GetValue<string>()));
            Assert.Equal(Yuan(line["net"]), Convert.ToDecimal(row["净额"], CultureInfo.InvariantCulture));
            Assert.Equal(line["fundCode"]!.GetValue<string>(), Convert.ToString(row["基金编码"], CultureInfo.InvariantCulture));
        }
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task RegistryImport_BadRowShownAndNothingWritten_ThenAGoodFileRegisters(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await SignedIn(context, "clerk");
        using var bureau = district.Host.Bureau();
        var (first, second) = (TestIds.Unique("M"), TestIds.Unique("M"));
        var good = $"人员编号,身份证号,姓名,出生日期,性别,乡镇,村,人员类别\n" +
            $"{first},{TestIds.NationalId(TestIds.NextSequence())},甲,1960-01-01,女,蓉江街道,新民村,建档立卡:2015-01-01~\n" +
            $"{second},{TestIds.NationalId(TestIds.NextSequence())},乙,1962-02-02,男,蓉江街道,新民村,\n";
        var bad = good.Replace("1962-02-02", "1962-13-40", StringComparison.Ordinal);

        await ImportFile(page, bad);
        Assert.Contains("未导入任何数据", await Figure(page, "importResult"), StringComparison.Ordinal);
        Assert.Contains("birthDate", await page.Locator("tr[data-row='3']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.Get($"/api/v1/members/{first}")).Status);

        await ImportFile(page, good);
        Assert.Contains("新增 2 人", await Figure(page, "importResult"), StringComparison.Ordinal);
        var (status, member, _) = await bureau.Get($"/api/v1/members/{second}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1962-02-02", member!["birthDate"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settlement_SlipLink_OpensTheApisSlip(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await SignedIn(context, "nkl2");
        await page.GotoAsync($"/settlements/{district.InDistrict}");
        await page.ClickAsync($"a[href='/settlements/{district.InDistrict}/slip']");
        var slip = await page.InnerTextAsync("body");
        using var hospital = district.Host.Hospital("H-NK-L2");
        var api = await hospital.GetStringAsync($"/api/v1/settlements/{district.InDistrict}/slip");
        Assert.Contains(district.InDistrict, slip, StringComparison.Ordinal);
        Assert.Contains(district.InDistrict, api, StringComparison.Ordinal);
        Assert.Equal(404, (await page.GotoAsync($"/settlements/{district.Unreferred}/slip"))!.Status);
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Reconciliation_UploadedFile_ShowsTheSameFindingsAsTheApi(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await SignedIn(context, "nkl2");
        using var bureau = district.Host.Bureau();
        var (_, list, _) = await bureau.Get("/api/v1/settlements?hospitalId=H-NK-L2&from=2020-05-01&to=2020-05-31");
        var rows = list!["items"]!.AsArray().Select(i => i!).ToList();

        await Upload(page, DetailCsv(rows, changeFirst: false));
        Assert.Equal("一致", await Figure(page, "verdict"));
        Assert.Equal(rows.Count.ToString(CultureInfo.InvariantCulture), await Figure(page, "matched"));

        await page.GotoAsync("/reconciliations");
        await Upload(page, DetailCsv(rows, changeFirst: true));
        Assert.Equal("总账和明细均不符", await Figure(page, "verdict"));
        Assert.Equal("1", await Figure(page, "differences"));
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var (_, stored, _) = await bureau.Get($"/api/v1/reconciliations/{id}");
        Assert.Equal("TotalsAndDetailDiffer", stored!["verdict"]!.GetValue<string>());
        Assert.Equal("H-NK-L2", stored["hospitalId"]!.GetValue<string>());
        await AssertCsvDownloadIsTheApis(page, bureau, $"/api/v1/reconciliations/{id}?format=csv");

        // The same detail as an Excel workbook (amounts as number cells) gives the same findings.
        await Upload(page, DetailXlsx(DetailCsv(rows, changeFirst: true)), "detail.xlsx");
        Assert.Equal("总账和明细均不符", await Figure(page, "verdict"));
        Assert.Equal("1", await Figure(page, "differences"));
        var fromXlsx = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var (_, storedXlsx, _) = await bureau.Get($"/api/v1/reconciliations/{fromXlsx}");
        Assert.Equal(stored["totals"]!.ToJsonString(), storedXlsx!["totals"]!.ToJsonString());
        Assert.Equal(stored["detail"]!.ToJsonString(), storedXlsx["detail"]!.ToJsonString());

        // A workbook's bad cell is named by its row and column as a CSV's is; nothing is stored.
        var bad = DetailCsv(rows, changeFirst: false).Split('\n');
        bad[1] = string.Join(',', bad[1].Split(',').Select((cell, i) => i == 3 ? "abc" : cell));
        var (_, before, _) = await bureau.Get("/api/v1/reconciliations?hospitalId=H-NK-L2");
        await Upload(page, DetailXlsx(string.Join('\n', bad)), "bad.xlsx");
        Assert.Contains("line 2, column 4 (basicInsurance): 'abc'", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(before!.AsArray().Count, (await bureau.Get("/api/v1/reconciliations?hospitalId=H-NK-L2")).Body!.AsArray().Count);
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Allowances_RehabilitationClaimsOfTheYear_ListedWithTheApisFigures(Provider provider)
    {
        var district = await console.District(provider);
        using var bureau = district.Host.Bureau();
        var child = await district.Host.CreateMember(birthDate: "2016-01-01");
        var (claimed, claim, claimRaw) = await bureau.Post("/api/v1/allowances/child-rehabilitation/claims",
            new JsonObject { ["memberId"] = child, ["month"] = "2020-05", ["condition"] = "CerebralPalsy", ["actualCost"] = 3500m });
        Assert.True(claimed == HttpStatusCode.Created, claimRaw);
        var id = claim!["claimId"]!.GetValue<string>();

        await using var context = await NewContext(district);
        var page = await SignedIn(context, "clerk");
        await page.GotoAsync("/allowances?claimsYear=2020");
        var row = page.Locator($"tr[data-claim='{id}']");
        Assert.Equal(Amount(claim["amount"]), await row.Locator("[data-figure=amount]").InnerTextAsync());
        Assert.Equal(Amount(claim["cap"]), await row.Locator("[data-figure=cap]").InnerTextAsync());
        Assert.Contains("2020-05", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("有效", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("脑瘫", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"tr[data-claim='{id}']").CountAsync() - 1);

        // The year's claims as the API's CSV, byte for byte.
        var csv = await AssertCsvDownloadIsTheApis(page, bureau, "/api/v1/allowances/child-rehabilitation/claims?year=2020&format=csv", "claims-csv");
        Assert.Contains($"{id},{child},2020-05,脑瘫,3500.00,", csv, StringComparison.Ordinal);

        // One claim, its arithmetic in Chinese.
        await row.Locator("a").ClickAsync();
        Assert.Equal("救助金额 = min(实际费用 3,500.00，月限额 3,000.00) = 3,000.00", await Figure(page, "claimExplanation"));
        await Screenshot(page, provider, "console-allowances.png");

        // Another year lists none of 2020's.
        await page.GotoAsync("/allowances?claimsYear=2019");
        Assert.Equal(0, await page.Locator($"tr[data-claim='{id}']").CountAsync());
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Hospital_SeesItsOwnDataOnly_AndNoBureauPage(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await SignedIn(context, "nkl2");

        foreach (var bureauPage in new[] { "/registry", "/registry/import", "/allowances", "/audit", "/users" })
        {
            var response = await page.GotoAsync(bureauPage);
            Assert.Equal(403, response!.Status);
            Assert.Contains("/account/denied", page.Url, StringComparison.Ordinal);
        }

        await page.GotoAsync("/");
        Assert.EndsWith("/settlements", page.Url, StringComparison.Ordinal);
        foreach (var other in new[] { $"/settlements/{district.Unreferred}", $"/settlements/{district.Dibao}", $"/reconciliations/{district.OtherReconciliation}" })
        {
            Assert.Equal(404, (await page.GotoAsync(other))!.Status);
        }

        Assert.Equal(200, (await page.GotoAsync($"/settlements/{district.InDistrict}"))!.Status);
        await page.GotoAsync("/settlements?hospital=H-GZ-L3&month=2020-05");
        var hospitals = await page.Locator("tr[data-settlement] td:nth-child(2)").AllInnerTextsAsync();
        Assert.NotEmpty(hospitals);
        Assert.All(hospitals, h => Assert.Equal("H-NK-L2", h));
        using (var own = district.Host.Hospital("H-NK-L2"))
        {
            // The page's download is the hospital's own list from the API (page 1 of 50, May's discharges), nothing of another's.
            var csv = await AssertCsvDownloadIsTheApis(page, own, "/api/v1/settlements?from=2020-05-01&to=2020-05-31&page=1&pageSize=50&format=csv");
            Assert.DoesNotContain(district.Unreferred, csv, StringComparison.Ordinal);
            Assert.DoesNotContain(district.Dibao, csv, StringComparison.Ordinal);
        }

        await page.GotoAsync("/statements/2020-05");
        Assert.Equal(["H-NK-L2"], await page.Locator("table[data-payee]").EvaluateAllAsync<string[]>("ts => ts.map(t => t.dataset.payee)"));
        Assert.Equal(0, await page.Locator("text=关账…").CountAsync());
        await page.GotoAsync("/reconciliations");
        Assert.DoesNotContain(district.OtherReconciliation, await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Security_CookieIsStrict_NeverOpensTheApi_FormsNeedTheirToken_SignOutEnds(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await SignedIn(context, "clerk");

        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "nankang-console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        var headers = (await page.GotoAsync("/statements"))!.Headers;
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);

        // The signed-in browser's cookie opens pages, never the API.
        Assert.Equal(200, (await context.APIRequest.GetAsync("/statements")).Status);
        Assert.Equal(401, (await context.APIRequest.GetAsync("/api/v1/statements/2020-05")).Status);
        Assert.Equal(401, (await context.APIRequest.GetAsync("/api/v1/settlements")).Status);

        // A close posted without the form's antiforgery token is refused and closes nothing.
        var forged = await context.APIRequest.PostAsync("/statements/2020-03?handler=close", new() { Form = context.APIRequest.CreateFormData() });
        Assert.Equal(400, forged.Status);
        using var bureau = district.Host.Bureau();
        Assert.Equal("Open", (await bureau.Get("/api/v1/statements/2020-03")).Body!["status"]!.GetValue<string>());

        await page.ClickAsync("header button[type=submit]");
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/");
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
        Assert.Equal(302, (await context.APIRequest.GetAsync("/statements", new() { MaxRedirects = 0 })).Status);
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Accessibility_NoSeriousOrCriticalViolationOnAnyPage(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        await page.GotoAsync("/account/signin");
        await Scan(page, violations);

        await SignIn(page, "admin", ConsoleHost.Password);
        string[] pages =
        [
            "/?year=2020&month=5", "/settlements?month=2020-05", $"/settlements/{district.Unreferred}", "/statements?year=2020", "/statements/2020-05",
            "/statements/2020-02?confirm=true", "/reconciliations", $"/reconciliations/{district.OtherReconciliation}", "/registry", "/registry/import",
            "/allowances", "/anti-poverty?year=2020", "/audit", "/users", "/account/password",
        ];
        foreach (var url in pages)
        {
            await page.GotoAsync(url);
            await Scan(page, violations);
        }

        await page.GotoAsync("/registry");
        await page.FillAsync("#query", district.PoorMembers[0]);
        await page.ClickAsync("main button[type=submit]");
        Assert.Equal(district.PoorMembers[0], await Figure(page, "memberId"));
        await Scan(page, violations);
        Assert.Empty(violations);
    }

    private static async Task Scan(IPage page, List<string> violations)
    {
        var result = await page.RunAxe();
        violations.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.Id} ({v.Impact}) {string.Join(" | ", v.Nodes.Select(n => n.Html))}"));
    }

    private Task<IBrowserContext> NewContext(District district) =>
        console.Browser.NewContextAsync(new() { BaseURL = district.Address.ToString().TrimEnd('/'), Locale = "zh-CN", AcceptDownloads = true });

    private static async Task<IPage> SignedIn(IBrowserContext context, string user)
    {
        var page = await context.NewPageAsync();
        await SignIn(page, user, ConsoleHost.Password);
        Assert.DoesNotContain("/account/signin", page.Url, StringComparison.Ordinal);
        return page;
    }

    private static async Task SignIn(IPage page, string user, string password)
    {
        await page.GotoAsync("/account/signin");
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("main button[type=submit]");
    }

    private static async Task ImportFile(IPage page, string csv)
    {
        await page.GotoAsync("/registry/import");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "registry.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForSelectorAsync("[data-figure=importResult]");
    }

    private static Task Upload(IPage page, string csv) => Upload(page, Encoding.UTF8.GetBytes(csv), "detail.csv");

    private static async Task Upload(IPage page, byte[] file, string name)
    {
        await page.GotoAsync("/reconciliations");
        await page.FillAsync("#month", "2020-05");
        var type = name.EndsWith(".xlsx", StringComparison.Ordinal) ? ExportFiles.XlsxMediaType : "text/csv";
        await page.SetInputFilesAsync("#detail", new FilePayload { Name = name, MimeType = type, Buffer = file });
        await page.ClickAsync("main form button[type=submit]");
    }

    /// <summary>A detail CSV as an Excel workbook (MiniExcel): the header row, then amounts as number cells, other text as text.</summary>
    private static byte[] DetailXlsx(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => (IDictionary<string, object>)header.Zip(l.Split(','))
            .ToDictionary(c => c.First, c => decimal.TryParse(c.Second, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && c.First != "visitNo" ? n : (object)c.Second)).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, rows);
        return stream.ToArray();
    }

    /// <summary>The hospital's detail as it books it: one line per settlement, amounts from the API's settlements.</summary>
    private static string DetailCsv(IReadOnlyList<JsonNode> settlements, bool changeFirst)
    {
        var text = new StringBuilder("visitNo,settlementId,totalCost,basicInsurance,seriousIllnessInsurance,supplementaryInsurance,medicalAssistance,specialReliefTopUp,specialReliefHighCost,patientPays\n");
        for (var i = 0; i < settlements.Count; i++)
        {
            var s = settlements[i];
            var p = s["payments"]!;
            var basic = Yuan(p["basicInsurance"]) + (changeFirst && i == 0 ? 1m : 0m);
            text.Append(CultureInfo.InvariantCulture, $"{s["visitNo"]},{s["settlementId"]},{Yuan(s["totalCost"]):0.00},{basic:0.00},{Yuan(p["seriousIllnessInsurance"]):0.00},")
                .Append(CultureInfo.InvariantCulture, $"{Yuan(p["supplementaryInsurance"]):0.00},{Yuan(p["medicalAssistance"]):0.00},{Yuan(p["specialReliefTopUp"]):0.00},")
                .Append(CultureInfo.InvariantCulture, $"{Yuan(p["specialReliefHighCost"]):0.00},{Yuan(s["patientPays"]):0.00}\n");
        }

        return text.ToString();
    }

    /// <summary>Clicks the page's CSV download and checks it is the API's answer to <paramref name="apiUrl"/>, byte for byte; returns its text.</summary>
    private static async Task<string> AssertCsvDownloadIsTheApis(IPage page, HttpClient api, string apiUrl, string link = "csv")
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"a[data-download='{link}']"));
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(await api.GetByteArrayAsync(apiUrl), bytes);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes);
    }

    private static Task<string> Figure(IPage page, string name) => page.Locator($"[data-figure={name}]").First.InnerTextAsync();

    private static decimal Yuan(JsonNode? amount) => decimal.Parse(amount!.ToJsonString().Trim('"'), CultureInfo.InvariantCulture);

    private static string Amount(JsonNode? amount) => Yuan(amount).ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Percent(decimal ratio) => (ratio * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>Saves the README's screenshots when <c>NANKANG_SCREENSHOTS</c> names a directory (SQLite's run only).</summary>
    private static async Task Screenshot(IPage page, Provider provider, string name)
    {
        if (provider == Provider.Sqlite && Environment.GetEnvironmentVariable("NANKANG_SCREENSHOTS") is { Length: > 0 } directory)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name), FullPage = true });
        }
    }
}
