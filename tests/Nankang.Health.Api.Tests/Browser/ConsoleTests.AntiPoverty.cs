using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests.Browser;

/// <summary>
/// 防贫保 in the console (/anti-poverty): the poverty office's warning list, a review with its reason, the run, and the
/// list's downloads, each checked against the API's answer for the same year.
/// </summary>
public sealed partial class ConsoleTests
{
    private const string AntiPovertyApi = "/api/v1/anti-poverty/warnings?year=2020";

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task AntiPoverty_MarginalMemberListed_ApprovedRunBooked_DownloadsReadBack(Provider provider)
    {
        var district = await console.District(provider);
        using var bureau = district.Host.Bureau();

        // Two marginal members over the line in May: one with two stays in two hospitals, one with a single larger stay.
        var twoStays = await MarginalMember(district.Host);
        var oneStay = await MarginalMember(district.Host);
        await district.Host.Settle("H-NK-L2", twoStays, 40000m, "2020-05-03", outOfScope: 8000m);
        await district.Host.Settle("H-NK-L3", twoStays, 40000m, "2020-05-08", outOfScope: 8000m);
        await district.Host.Settle("H-NK-L2", oneStay, 90000m, "2020-05-06", outOfScope: 15000m);
        var api = await AntiPovertyList(bureau);
        var (listedA, listedB) = (AntiPovertyRow(api, twoStays), AntiPovertyRow(api, oneStay));

        await using var context = await NewContext(district);
        var page = await SignedIn(context, "clerk");
        await page.GotoAsync("/anti-poverty?year=2020");

        // Each member with the API's S and P(S), the national ID masked (never whole), largest S first.
        foreach (var (id, listed) in new[] { (twoStays, listedA), (oneStay, listedB) })
        {
            var row = page.Locator($"tr[data-member='{id}']");
            var text = await row.InnerTextAsync();
            Assert.DoesNotContain(TestIds.NationalIdOf(id)!, text, StringComparison.Ordinal);
            Assert.Contains(listed["nationalIdMasked"]!.GetValue<string>(), text, StringComparison.Ordinal);
            Assert.Contains("*", listed["nationalIdMasked"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(Amount(listed["selfPay"]), await row.Locator("[data-figure=selfPay]").InnerTextAsync());
            Assert.Equal(Amount(listed["payout"]), await row.Locator("[data-figure=payout]").InnerTextAsync());
            Assert.Equal("待审核", await row.Locator("[data-figure=review]").InnerTextAsync());
        }

        Assert.Equal(api["members"]!.AsArray().Select(m => m!["memberId"]!.GetValue<string>()), await MemberOrder(page));
        var selfPays = await page.Locator("tr[data-member] [data-figure=selfPay]").AllInnerTextsAsync();
        Assert.Equal(selfPays.OrderByDescending(ParseAmount), selfPays);
        await page.SelectOptionAsync("#sort", "selfPay");
        await page.ClickAsync("text=列出");
        Assert.Equal((await AntiPovertyList(bureau, "&sort=selfPay"))["members"]!.AsArray().Select(m => m!["memberId"]!.GetValue<string>()), await MemberOrder(page));

        // A run posted without the form's antiforgery token is refused; the approval is recorded under the clerk's name.
        var forged = context.APIRequest.CreateFormData();
        forged.Set("year", "2020");
        Assert.Equal(400, (await context.APIRequest.PostAsync("/anti-poverty?handler=run", new() { Form = forged })).Status);
        const string reason = "两次住院自付超过预警线，扶贫办审核同意";
        await page.Locator($"tr[data-member='{twoStays}'] input[name=reason]").FillAsync(reason);
        await page.ClickAsync($"tr[data-member='{twoStays}'] button[value=Approved]");
        Assert.Contains(reason, await page.Locator($"[data-reviewed='{twoStays}']").InnerTextAsync(), StringComparison.Ordinal);
        var approved = await page.Locator($"tr[data-member='{twoStays}'] [data-figure=review]").InnerTextAsync();
        Assert.StartsWith("已批准", approved, StringComparison.Ordinal);
        Assert.Contains(reason, approved, StringComparison.Ordinal);
        var reviewed = AntiPovertyRow(await AntiPovertyList(bureau), twoStays);
        Assert.Equal("Approved", reviewed["review"]!.GetValue<string>());
        Assert.Equal("u:clerk", reviewed["reviewedBy"]!.GetValue<string>());
        Assert.Equal(0m, reviewed["booked"]!.GetValue<decimal>());

        // The run books P(S) for the approved member only; the page shows it booked, as the API does.
        await page.ClickAsync("text=开始赔付（2020 年）");
        Assert.Equal(Amount(listedA["payout"]), await Figure(page, "paid"));
        Assert.Equal("1", await Figure(page, "payments"));
        Assert.Equal(Amount(listedA["payout"]), await page.Locator($"tr[data-member='{twoStays}'] [data-figure=booked]").InnerTextAsync());
        Assert.Equal("0.00", await page.Locator($"tr[data-member='{oneStay}'] [data-figure=booked]").InnerTextAsync());
        var after = await AntiPovertyList(bureau);
        Assert.Equal(listedA["payout"]!.GetValue<decimal>(), AntiPovertyRow(after, twoStays)["booked"]!.GetValue<decimal>());
        var violations = new List<string>();
        await Scan(page, violations);
        Assert.Empty(violations);

        // The downloads: CSV byte for byte the API's; the workbook read back has the API's rows, amounts as numbers.
        await page.GotoAsync("/anti-poverty?year=2020");
        await AssertCsvDownloadIsTheApis(page, bureau, $"{AntiPovertyApi}&sort=-selfPay&format=csv");
        var workbook = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[data-download='xlsx']"));
        Assert.Equal("anti-poverty-warnings-2020.xlsx", workbook.SuggestedFilename);
        var rows = MiniExcelLibs.MiniExcel.Query(await workbook.PathAsync(), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX)
            .Cast<IDictionary<string, object>>().ToList();
        var members = after["members"]!.AsArray().Select(m => m!).ToList();
        Assert.Equal(members.Select(m => m["memberId"]!.GetValue<string>()), rows.Select(r => Convert.ToString(r["参保人编号"], CultureInfo.InvariantCulture)));
        foreach (var (member, row) in members.Zip(rows))
        {
            Assert.Equal(member["nationalIdMasked"]!.GetValue<string>(), Convert.ToString(row["身份证号（脱敏）"], CultureInfo.InvariantCulture));
            Assert.Equal(Yuan(member["selfPay"]), Convert.ToDecimal(row["年度自付"], CultureInfo.InvariantCulture));
            Assert.Equal(Yuan(member["payout"]), Convert.ToDecimal(row["应赔金额"], CultureInfo.InvariantCulture));
            Assert.Equal(Yuan(member["booked"]), Convert.ToDecimal(row["已发放"], CultureInfo.InvariantCulture));
            Assert.Equal(Pages.Show.Review(member["review"]!.GetValue<string>()), Convert.ToString(row["审核状态"], CultureInfo.InvariantCulture));
        }

        // A hospital's account cannot open the page.
        await using var hospitalContext = await NewContext(district);
        var hospitalPage = await SignedIn(hospitalContext, "nkl2");
        Assert.Equal(403, (await hospitalPage.GotoAsync("/anti-poverty?year=2020"))!.Status);
        Assert.Contains("/account/denied", hospitalPage.Url, StringComparison.Ordinal);
        Assert.Equal(403, (await hospitalPage.GotoAsync("/anti-poverty?handler=export&file=csv&year=2020"))!.Status);
    }

    private static async Task<string> MarginalMember(BureauHost host)
    {
        var memberId = TestIds.Unique("M");
        using var bureau = host.Bureau();
        var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", new JsonObject
        {
            ["nationalId"] = TestIds.Remember(memberId, TestIds.NationalId(TestIds.NextSequence())), ["name"] = "边缘户", ["birthDate"] = "1958-03-01", ["sex"] = "F",
            ["township"] = "蓉江街道", ["village"] = "新民村",
            ["categories"] = new JsonArray(new JsonObject { ["category"] = "Marginal", ["from"] = "2019-01-01", ["to"] = null }),
        });
        Assert.True(status == HttpStatusCode.Created, raw);
        return memberId;
    }

    private static async Task<JsonNode> AntiPovertyList(HttpClient bureau, string query = "")
    {
        var (status, body, raw) = await bureau.Get(AntiPovertyApi + query);
        Assert.True(status == HttpStatusCode.OK, raw);
        return body!;
    }

    private static JsonNode AntiPovertyRow(JsonNode list, string memberId) =>
        list["members"]!.AsArray().Single(m => m!["memberId"]!.GetValue<string>() == memberId)!;

    private static Task<string[]> MemberOrder(Microsoft.Playwright.IPage page) =>
        page.Locator("tr[data-member]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.member)");

    private static decimal ParseAmount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
