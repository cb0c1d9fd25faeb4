using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Nankang.Health.Api.Slips;
using Nankang.Health.Api.Tests.Browser;
using Nankang.Health.Application.Common;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The one-stop settlement slip as a person sees it: rendered by Debian's Chromium (HTML) and printed by the server's own
/// Chromium (PDF, read back with pdftotext), on SQLite and PostgreSQL.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SlipTests(ApiFixture fixture, SlipBrowser browser) : IClassFixture<SlipBrowser>
{
    private const string Title = "南康区健康扶贫\"一站式\"结算单";
    private static readonly string[] SplitFields = ["totalCost", "inScopeAmount", "preSelfPayAmount", "outOfScopeAmount", "overLimitAmount"];

    [Theory]
    [MemberData(nameof(GoldenFile.ProviderCases), MemberType = typeof(GoldenFile))]
    public async Task Slip_EveryGoldenCase_HtmlAndPdfShowEveryAmountAndTheCapitals(Provider provider, string caseId)
    {
        var api = await fixture.For(provider);
        var golden = GoldenFile.Case(caseId);
        var memberId = TestIds.Unique($"{caseId}-");
        var sequence = TestIds.NextSequence();
        using var bureau = api.Bureau();
        var member = GoldenFile.Member(golden, sequence);
        var nationalId = member["nationalId"]!.GetValue<string>();
        var (created, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", member);
        Assert.True(created == HttpStatusCode.Created, raw);

        var suffix = Guid.NewGuid().ToString("N")[..8];
        foreach (var claim in golden["claims"]!.AsArray().Select(c => c!.AsObject()))
        {
            var hospitalId = claim["hospitalId"]!.GetValue<string>();
            using var hospital = api.Hospital(hospitalId);
            hospital.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
            var (status, body, text) = await hospital.Post("/api/v1/settlements", GoldenFile.ClaimBody(claim, memberId, nationalId, suffix), $"{caseId}-{suffix}-{claim["visitNo"]}");
            Assert.True(status == HttpStatusCode.Created, text);
            var id = body!["settlementId"]!.GetValue<string>();

            // The engine's own figures explained in Chinese at booking; read back, they are re-derived from the ledger and
            // must read the same, and the slip prints the same arithmetic.
            var arithmetic = body["lines"]!.AsArray().Select(l => l!["explanation"]!.GetValue<string>()).ToList();
            var read = await hospital.Get($"/api/v1/settlements/{id}");
            Assert.Equal(arithmetic, read.Body!["lines"]!.AsArray().Select(l => l!["explanation"]!.GetValue<string>()));

            var expected = Expected(claim["expected"]!, body);
            expected.Add($"测试{caseId}");
            expected.Add(NationalId.Mask(TestIds.NationalId(sequence)));
            expected.Add($"{claim["visitNo"]}-{suffix}");

            var html = await hospital.GetStringAsync($"/api/v1/settlements/{id}/slip");
            var (seen, page) = await browser.RenderAsync(html);
            if (Environment.GetEnvironmentVariable("NANKANG_SLIP_SCREENSHOT") is { Length: > 0 } screenshot && caseId == "G01")
            {
                // docs/slip.png is made this way: NANKANG_SLIP_SCREENSHOT=$PWD/docs/slip.png with a filter on G01.
                await page.SetViewportSizeAsync(820, 1160);
                await page.ScreenshotAsync(new Microsoft.Playwright.PageScreenshotOptions { Path = screenshot, FullPage = true });
            }

            await page.CloseAsync();
            AssertShows([.. expected, .. arithmetic], seen, $"{caseId} {claim["visitNo"]} HTML");

            var pdf = await hospital.GetByteArrayAsync($"/api/v1/settlements/{id}/slip?format=pdf");
            var (printed, pages) = await SlipBrowser.PdfTextAsync(pdf);
            AssertShows(expected, printed, $"{caseId} {claim["visitNo"]} PDF");
            Assert.Equal(1, pages);
        }
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Slip_Voided_ShowsTheMarkWithTimeAndReason_AndTheLaterSlipShowsItsAdjustment(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L3");
        var first = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", 60000m), TestIds.Unique("k"));
        var second = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", 30000m), TestIds.Unique("k"));
        var firstId = first.Body!["settlementId"]!.GetValue<string>();
        var secondId = second.Body!["settlementId"]!.GetValue<string>();
        const string reason = "重复结算 <script>alert(1)</script> & \"quoted\"";
        var voided = await hospital.Post($"/api/v1/settlements/{firstId}/void", new { reason });
        Assert.Equal(HttpStatusCode.OK, voided.Status);

        var (text, page) = await browser.RenderAsync(await hospital.GetStringAsync($"/api/v1/settlements/{firstId}/slip"));
        var scripts = await page.Locator("script").CountAsync();
        var voidMark = await page.Locator(".void").InnerTextAsync();
        await page.CloseAsync();
        Assert.Contains("已作废", voidMark, StringComparison.Ordinal);
        Assert.Contains(reason, voidMark, StringComparison.Ordinal); // shown as text, never run as markup
        Assert.Contains("作废时间", voidMark, StringComparison.Ordinal);
        Assert.Equal(0, scripts);
        Assert.Contains(Title, text, StringComparison.Ordinal);

        // The later settlement was re-settled: its slip shows the adjustment and the net, and is not marked void.
        var later = await hospital.Get($"/api/v1/settlements/{secondId}");
        var adjustment = later.Body!["adjustments"]!.AsArray().Single()!;
        var adjustedFunds = adjustment["payments"]!.AsObject().Sum(p => GoldenFile.Decimal(p.Value));
        var (laterText, laterPage) = await browser.RenderAsync(await hospital.GetStringAsync($"/api/v1/settlements/{secondId}/slip"));
        await laterPage.CloseAsync();
        Assert.DoesNotContain("已作废", laterText, StringComparison.Ordinal);
        Assert.Contains("作废引起的后续调整", laterText, StringComparison.Ordinal);
        Assert.Contains(firstId, laterText, StringComparison.Ordinal);
        Assert.Contains(Yuan(adjustedFunds), laterText, StringComparison.Ordinal);
        Assert.Contains(Yuan(GoldenFile.Decimal(later.Body["net"]!["patientPays"])), laterText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Slip_AnotherHospitalsSettlement_IsNotFound_TheBureauReadsAny(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var owner = api.Hospital("H-NK-L3");
        using var other = api.Hospital("H-NK-L2");
        using var bureau = api.Bureau();
        var settled = await owner.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", 12345.67m), TestIds.Unique("k"));
        var id = settled.Body!["settlementId"]!.GetValue<string>();

        using var foreignHtml = await other.GetAsync($"/api/v1/settlements/{id}/slip");
        using var foreignPdf = await other.GetAsync($"/api/v1/settlements/{id}/slip?format=pdf");
        using var missing = await owner.GetAsync("/api/v1/settlements/no-such-settlement/slip");
        var bureauHtml = await bureau.GetStringAsync($"/api/v1/settlements/{id}/slip");

        Assert.Equal(HttpStatusCode.NotFound, foreignHtml.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignPdf.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", foreignHtml.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("测试", await foreignHtml.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (text, page) = await browser.RenderAsync(bureauHtml);
        await page.CloseAsync();
        Assert.Contains("12345.67", text, StringComparison.Ordinal);
        Assert.Contains(Yuan(GoldenFile.Decimal(settled.Body["fundTotal"])), text, StringComparison.Ordinal);
        Assert.Contains("人民币" + ChineseCapitals.Of(Money.Parse(Yuan(GoldenFile.Decimal(settled.Body["patientPays"])))), SlipBrowser.Squeeze(text), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Slip_FormatAndAccept_ChooseHtmlOrPdf_AnotherFormatIs400NamingTheFormats(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var id = (await hospital.Post("/api/v1/settlements", ApiClient.Claim(member), TestIds.Unique("k"))).Body!["settlementId"]!.GetValue<string>();
        var url = $"/api/v1/settlements/{id}/slip";

        using var byDefault = await hospital.GetAsync(url);
        using var html = await hospital.GetAsync(url + "?format=html");
        using var pdf = await hospital.GetAsync(url + "?format=PDF");
        using var acceptPdf = await Send(hospital, url, "application/pdf");
        using var preferHtml = await Send(hospital, url, "application/pdf;q=0.5, text/html");
        using var wrong = await hospital.GetAsync(url + "?format=docx");

        Assert.True(byDefault.StatusCode == HttpStatusCode.OK, string.Join("\n", api.Logs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(l => l.Text)));
        Assert.Equal("text/html", byDefault.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", byDefault.Content.Headers.ContentType?.CharSet);
        Assert.Equal("no-store", byDefault.Headers.CacheControl?.ToString());
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'", byDefault.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..5]), StringComparison.Ordinal);
        Assert.Equal("application/pdf", acceptPdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/html", preferHtml.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!;
        Assert.Equal("must be one of: html, pdf.", problem["errors"]!["format"]![0]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Slip_ThirtyFeeLinesAndManyDiagnoses_PrintOnOnePage_AndTheNameIsNeverLogged(Provider provider)
    {
        var api = await fixture.For(provider);
        var name = "张" + Guid.NewGuid().ToString("N")[..6];
        var member = await api.CreateMember(ApiClient.Poor());
        using var bureau = api.Bureau();
        var registered = await bureau.Get($"/api/v1/members/{member}");
        var body = registered.Body!.AsObject();
        body.Remove("memberId");
        body.Remove("nationalIdMasked");
        body["name"] = name;
        body["nationalId"] = TestIds.Remember(member, TestIds.NationalId(TestIds.NextSequence()));
        Assert.Equal(HttpStatusCode.OK, (await bureau.Put($"/api/v1/members/{member}", body)).Status);

        var claim = ApiClient.Claim(member, "H-NK-L2");
        var fees = new JsonArray();
        for (var i = 0; i < 30; i++)
        {
            fees.Add(new JsonObject { ["itemCode"] = $"F{i:00}", ["itemName"] = $"项目{i}", ["class"] = "ABC"[i % 3].ToString(), ["amount"] = 1000m + i });
        }

        claim["fees"] = fees;
        claim["diagnoses"] = new JsonArray([.. Enumerable.Range(0, 12).Select(i => JsonValue.Create($"I{60 + i}.9"))]);
        using var hospital = api.Hospital("H-NK-L2");
        var settled = await hospital.Post("/api/v1/settlements", claim, TestIds.Unique("k"));
        Assert.Equal(HttpStatusCode.Created, settled.Status);
        var id = settled.Body!["settlementId"]!.GetValue<string>();

        var (text, pages) = await SlipBrowser.PdfTextAsync(await hospital.GetByteArrayAsync($"/api/v1/settlements/{id}/slip?format=pdf"));

        Assert.Equal(1, pages);
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains("I71.9", text, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Logs.Lines, l => l.Text.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Slip_WithoutChromium_HtmlStillWorks_PdfIs503SayingWhatIsMissing(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        api.Settings["Slip:ChromiumPath"] = "/nonexistent/chromium";
        await api.SeedHospitalsAsync();
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var id = (await hospital.Post("/api/v1/settlements", ApiClient.Claim(member), TestIds.Unique("k"))).Body!["settlementId"]!.GetValue<string>();

        using var html = await hospital.GetAsync($"/api/v1/settlements/{id}/slip");
        var pdf = await hospital.Get($"/api/v1/settlements/{id}/slip?format=pdf");

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains(Title, WebUtility.HtmlDecode(await html.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.Status);
        Assert.Equal(503, pdf.Body!["status"]!.GetValue<int>());
        Assert.Contains("/nonexistent/chromium", pdf.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Slip:ChromiumPath", pdf.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Chromium_MajorVersion_IsTheOnePlaywrightExpects()
    {
        var expected = SlipPrinter.ExpectedChromiumVersion();
        Assert.NotNull(expected);
        Assert.True(
            SlipPrinter.Major(expected) == SlipPrinter.Major(browser.Browser.Version),
            $"Chromium {browser.Browser.Version} at {Chromium.ExecutablePath}, but Playwright {typeof(Microsoft.Playwright.IPage).Assembly.GetName().Version} expects {expected}.");
    }

    /// <summary>Every amount of the settlement as the slip writes it, the totals in capitals after 人民币, the ratio and the title.</summary>
    private static List<string> Expected(JsonNode expected, JsonNode body)
    {
        var amounts = SplitFields.Select(f => GoldenFile.Decimal(expected[f])).ToList();
        var payments = expected["payments"]!.AsObject().Select(p => GoldenFile.Decimal(p.Value)).ToList();
        var fundTotal = payments.Sum();
        var patientPays = GoldenFile.Decimal(expected["patientPays"]);
        var ratio = GoldenFile.Decimal(body["reimbursementRatio"]) * 100;
        return
        [
            Title, .. amounts.Select(Yuan), .. payments.Select(Yuan), Yuan(fundTotal), Yuan(patientPays),
            "人民币" + ChineseCapitals.Of(Money.Parse(Yuan(fundTotal))), "人民币" + ChineseCapitals.Of(Money.Parse(Yuan(patientPays))),
            ratio.ToString("0.00", CultureInfo.InvariantCulture) + "%", "经办人", "患者签字",
        ];
    }

    private static void AssertShows(IEnumerable<string> expected, string text, string what)
    {
        var squeezed = SlipBrowser.Squeeze(text);
        foreach (var value in expected)
        {
            Assert.True(squeezed.Contains(SlipBrowser.Squeeze(value), StringComparison.Ordinal), $"{what}: '{value}' not shown in:\n{text}");
        }
    }

    private static string Yuan(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> Send(HttpClient client, string url, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        return client.SendAsync(request);
    }
}
