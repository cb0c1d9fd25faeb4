using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Api.Tests;

/// <summary>Caregiver allowance runs, children's rehabilitation claims and fund budgets.</summary>
public sealed class BureauAllowanceTests
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task CaregiverRun_ReRun_BooksOnlyTheDifference(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-12-20T02:00:00Z", CultureInfo.InvariantCulture));
        var member = await host.CreateMember();
        var notPoor = await host.CreateMember(poor: false);
        using var bureau = host.Bureau();
        await Certify(bureau, member, "2020-03-15", "2020-06-01");
        await Certify(bureau, notPoor, "2020-01-01", null);

        var first = await Run(bureau, 2020);
        var paid = Member(first, member);
        Assert.Equal([3, 4, 5, 6], paid["months"]!.AsArray().Select(m => m!.GetValue<int>()));
        Assert.Equal(1000m, paid["due"]!.GetValue<decimal>());
        Assert.Equal(0m, Member(first, notPoor)["entitlement"]!.GetValue<decimal>());
        Assert.Equal(1000m, first["totalBooked"]!.GetValue<decimal>());

        var again = await Run(bureau, 2020);
        Assert.Equal(0, again["membersBooked"]!.GetValue<int>());
        Assert.Equal(0m, again["totalBooked"]!.GetValue<decimal>());

        await Certify(bureau, member, "2020-03-15", null);
        var extended = await Run(bureau, 2020);
        Assert.Equal(1500m, Member(extended, member)["due"]!.GetValue<decimal>());
        Assert.Equal(1000m, Member(extended, member)["paidBefore"]!.GetValue<decimal>());

        await Certify(bureau, member, null, null);
        var recovered = await Run(bureau, 2020);
        Assert.Equal(-2500m, Member(recovered, member)["due"]!.GetValue<decimal>());

        var entries = await host.Db(db => db.AllowanceEntries.AsNoTracking().Where(e => e.MemberId == member).OrderBy(e => e.Seq).ToListAsync());
        Assert.Equal([LedgerEntryKind.Settlement, LedgerEntryKind.Adjustment, LedgerEntryKind.Adjustment], entries.Select(e => e.Kind));
        Assert.Equal([100_000L, 150_000L, -250_000L], entries.Select(e => e.Amount));
        Assert.Equal("[3,4,5,6]", entries[0].MonthsJson);
        var (stored, storedBody, _) = await bureau.Get($"/api/v1/allowances/caregiver/runs/{first["runId"]}");
        Assert.Equal(HttpStatusCode.OK, stored);
        Assert.Equal(first.ToJsonString(), storedBody!.ToJsonString());

        using var hospital = host.Hospital("H-NK-L2");
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Post("/api/v1/allowances/caregiver/runs", new JsonObject { ["year"] = 2020 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await bureau.Post("/api/v1/allowances/caregiver/runs", new JsonObject())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.Put("/api/v1/members/NO-SUCH/care-certifications", new JsonObject { ["certifications"] = new JsonArray() })).Status);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task CaregiverRun_InSeptember_PaysOnlyBegunMonthsInDistrictTime_LaterRunsPayTheRest(Provider provider)
    {
        // 23:59 on 30 September in Ganzhou (15:59 UTC): January to September begun, 9 × 250 = 2,250.
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-09-30T15:59:00Z", CultureInfo.InvariantCulture));
        var member = await host.CreateMember();
        using var bureau = host.Bureau();
        await Certify(bureau, member, "2020-01-01", null);
        var september = Member(await Run(bureau, 2020), member);
        Assert.Equal(Enumerable.Range(1, 9), september["months"]!.AsArray().Select(m => m!.GetValue<int>()));
        Assert.Equal(2250m, september["due"]!.GetValue<decimal>());

        // 00:00 on 1 October in Ganzhou, still 30 September in UTC: October has begun, the run pays it alone.
        host.At("2020-09-30T16:00:00Z");
        var october = Member(await Run(bureau, 2020), member);
        Assert.Equal(250m, october["due"]!.GetValue<decimal>());
        Assert.Equal(2250m, october["paidBefore"]!.GetValue<decimal>());

        host.At("2020-12-01T00:00:00Z");
        var december = Member(await Run(bureau, 2020), member);
        Assert.Equal(Enumerable.Range(1, 12), december["months"]!.AsArray().Select(m => m!.GetValue<int>()));
        Assert.Equal(500m, december["due"]!.GetValue<decimal>());
        var paid = await host.Db(db => db.AllowanceEntries.Where(e => e.MemberId == member).OrderBy(e => e.Seq).Select(e => e.Amount).ToListAsync());
        Assert.Equal([225_000L, 25_000L, 50_000L], paid);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task ChildRehabilitation_CapsAgeRuleMonthLimitAndOneClaimPerMonth(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-12-20T02:00:00Z", CultureInfo.InvariantCulture));
        var child = await host.CreateMember(birthDate: "2016-02-01");
        var nine = await host.CreateMember(birthDate: "2011-06-01");
        var notPoor = await host.CreateMember(birthDate: "2016-02-01", poor: false);
        using var bureau = host.Bureau();

        var (status, paid, raw) = await Claim(bureau, child, "2020-01", "CerebralPalsy", 3500m);
        Assert.True(status == HttpStatusCode.Created, raw);
        Assert.Equal(3000m, paid!["amount"]!.GetValue<decimal>());
        var (second, conflict, _) = await Claim(bureau, child, "2020-01", "Autism", 100m);
        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Equal(paid["claimId"]!.GetValue<string>(), conflict!["existingClaimId"]!.GetValue<string>());
        Assert.Equal(1800m, (await Claim(bureau, child, "2020-02", "Deafness", 2000m)).Body!["amount"]!.GetValue<decimal>());
        Assert.Equal(1200m, (await Claim(bureau, child, "2020-03", "Autism", 1200m)).Body!["amount"]!.GetValue<decimal>());

        // Under 9 on the first day of the month: the child born 2011-06-01 is paid for May 2020, not for June.
        Assert.Equal(HttpStatusCode.Created, (await Claim(bureau, nine, "2020-05", "IntellectualDisability", 500m)).Status);
        var (old, oldBody, _) = await Claim(bureau, nine, "2020-06", "IntellectualDisability", 500m);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, old);
        Assert.Equal("TooOld", oldBody!["refusal"]!.GetValue<string>());
        Assert.Equal("NotPoor", (await Claim(bureau, notPoor, "2020-05", "Autism", 500m)).Body!["refusal"]!.GetValue<string>());

        for (var month = 4; month <= 10; month++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Claim(bureau, child, $"2020-{month:00}", "Autism", 100m)).Status);
        }

        var (eleventh, limit, _) = await Claim(bureau, child, "2020-11", "Autism", 100m);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, eleventh);
        Assert.Equal("MonthLimitReached", limit!["refusal"]!.GetValue<string>());

        var claimId = paid["claimId"]!.GetValue<string>();
        var (voided, voidBody, voidRaw) = await bureau.Post($"/api/v1/allowances/child-rehabilitation/claims/{claimId}/void", new JsonObject { ["reason"] = "duplicate" });
        Assert.True(voided == HttpStatusCode.OK, voidRaw);
        Assert.Equal("Voided", voidBody!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await bureau.Post($"/api/v1/allowances/child-rehabilitation/claims/{claimId}/void", new JsonObject { ["reason"] = "again" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await Claim(bureau, child, "2020-11", "Autism", 100m)).Status);
        Assert.Equal("Voided", (await bureau.Get($"/api/v1/allowances/child-rehabilitation/claims/{claimId}")).Body!["status"]!.GetValue<string>());

        var net = await host.Db(db => db.AllowanceEntries.Where(e => e.MemberId == child).SumAsync(e => e.Amount));
        Assert.Equal((1800 + 1200 + 7 * 100 + 100) * 100L, net);
        var (bad, badBody, _) = await Claim(bureau, "NO-SUCH", "2020-13", "Flu", -1m);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(badBody!["errors"]);
        using var hospital = host.Hospital("H-NK-L2");
        Assert.Equal(HttpStatusCode.Forbidden, (await Claim(hospital, child, "2020-12", "Autism", 100m)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Get("/api/v1/allowances/child-rehabilitation/claims?year=2020")).Status);

        // The year's list: twelve claims (eleven of the child, one of the nine-year-old), the voided one marked and left out of
        // paid: 1,800 + 1,200 + 7 × 100 + 100 + 500 = 4,300. Its CSV and XLSX hold the same rows.
        var (listed, list, listRaw) = await bureau.Get("/api/v1/allowances/child-rehabilitation/claims?year=2020");
        Assert.True(listed == HttpStatusCode.OK, listRaw);
        Assert.Equal((12, 4300m), (list!["count"]!.GetValue<int>(), list["paid"]!.GetValue<decimal>()));
        var claims = list["claims"]!.AsArray();
        Assert.Equal(["2020-01", "2020-02", "2020-03"], claims.Take(3).Select(c => c!["month"]!.GetValue<string>()));
        Assert.Equal(claimId, claims.Single(c => c!["status"]!.GetValue<string>() == "Voided")!["claimId"]!.GetValue<string>());
        var (headers, rows) = ExportFiles.ReadCsv(await bureau.GetByteArrayAsync("/api/v1/allowances/child-rehabilitation/claims?year=2020&format=csv"));
        Assert.Equal(["申请编号", "儿童编号", "服务月份", "康复类别", "实际费用", "限额", "救助金额", "状态", "记账时间", "作废时间", "作废原因"], headers);
        Assert.Equal(claims.Select(c => c!["claimId"]!.GetValue<string>()), rows.Select(r => r["申请编号"]));
        Assert.Equal(("已作废", "3000.00", "duplicate"), (rows[0]["状态"], rows[0]["救助金额"], rows[0]["作废原因"]));
        Assert.Equal(4300m, rows.Where(r => r["状态"] == "有效").Sum(r => decimal.Parse(r["救助金额"], CultureInfo.InvariantCulture)));
        var xlsx = ExportFiles.XlsxText(await bureau.GetByteArrayAsync("/api/v1/allowances/child-rehabilitation/claims?year=2020&format=xlsx"));
        Assert.All(claims, c => Assert.Contains(c!["claimId"]!.GetValue<string>(), xlsx, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await bureau.Get("/api/v1/allowances/child-rehabilitation/claims?year=1999")).Status);
        Assert.Equal(0, (await bureau.Get("/api/v1/allowances/child-rehabilitation/claims?year=2021")).Body!["count"]!.GetValue<int>());

        // Asked in Chinese, a claim's arithmetic is Chinese (one claim and the list); English by default.
        Assert.Equal("min(actual cost, monthly cap 3000.00) = 3000.00", (await bureau.Get($"/api/v1/allowances/child-rehabilitation/claims/{claimId}")).Body!["explanation"]!.GetValue<string>());
        Assert.Equal("救助金额 = min(实际费用 3500.00，月限额 3000.00) = 3000.00", (await InChinese(bureau, $"/api/v1/allowances/child-rehabilitation/claims/{claimId}"))["explanation"]!.GetValue<string>());
        var zhList = (await InChinese(bureau, "/api/v1/allowances/child-rehabilitation/claims?year=2020"))["claims"]!.AsArray();
        Assert.All(zhList, c => Assert.StartsWith("救助金额 = min(实际费用 ", c!["explanation"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    private static async Task<JsonNode> InChinese(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await client.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, raw);
        return JsonNode.Parse(raw)!;
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Budgets_Seeded2020_ProjectionAtRunRate_FlagsOverrun(Provider provider)
    {
        // 1 April 2020 00:00 in Ganzhou: 91 of the year's 366 days have gone by.
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-03-31T16:00:00Z", CultureInfo.InvariantCulture));
        var member = await host.CreateMember();
        var child = await host.CreateMember(birthDate: "2016-02-01");
        var settlement = await host.Settle("H-NK-L2", member, 10000m, "2020-03-20", outOfScope: 20000m);
        using var bureau = host.Bureau();
        await Certify(bureau, member, "2020-01-01", null);
        Assert.Equal(HttpStatusCode.Created, (await Claim(bureau, child, "2020-03", "CerebralPalsy", 3500m)).Status);

        var (status, budgets, raw) = await bureau.Get("/api/v1/budgets/2020");
        Assert.True(status == HttpStatusCode.OK, raw);
        var relief = Fund(budgets!, "specialRelief");
        var reliefSpent = settlement["payments"]!["specialReliefTopUp"]!.GetValue<decimal>() + settlement["payments"]!["specialReliefHighCost"]!.GetValue<decimal>();
        Assert.True(reliefSpent > 0, raw);
        Assert.Equal("640100", relief["fundCode"]!.GetValue<string>());
        Assert.Equal(5_000_000m, relief["budget"]!.GetValue<decimal>());
        Assert.Equal(reliefSpent, relief["spent"]!.GetValue<decimal>());
        Assert.Equal(3000m, relief["committed"]!.GetValue<decimal>());
        Assert.Equal(5_000_000m - reliefSpent - 3000m, relief["remaining"]!.GetValue<decimal>());
        var projected = Math.Round(reliefSpent * 366m / 91m, 2, MidpointRounding.AwayFromZero) + 3000m;
        Assert.Equal(projected, relief["projectedYearEnd"]!.GetValue<decimal>());
        Assert.False(relief["projectedOverrun"]!.GetValue<bool>());
        var rehab = Fund(budgets!, "childRehabilitation");
        Assert.Equal(2_850_000m, rehab["budget"]!.GetValue<decimal>());
        Assert.Equal(3000m, rehab["spent"]!.GetValue<decimal>());
        Assert.Equal(Math.Round(3000m * 366m / 91m, 2, MidpointRounding.AwayFromZero), rehab["projectedYearEnd"]!.GetValue<decimal>());
        Assert.Null(Fund(budgets!, "basicInsurance")["budget"]);

        Assert.Equal(HttpStatusCode.OK, (await bureau.Put("/api/v1/budgets/2020/specialRelief", new JsonObject { ["amount"] = 10000m })).Status);
        var tight = Fund((await bureau.Get("/api/v1/budgets/2020")).Body!, "specialRelief");
        Assert.True(tight["projectedOverrun"]!.GetValue<bool>());
        Assert.Equal(projected - 10000m, tight["projectedOverrunBy"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.Created, (await bureau.Put("/api/v1/budgets/2021/medicalAssistance", new JsonObject { ["amount"] = 1m })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.Put("/api/v1/budgets/2020/noSuchFund", new JsonObject { ["amount"] = 1m })).Status);
        var (negative, negativeBody, _) = await bureau.Put("/api/v1/budgets/2020/specialRelief", new JsonObject { ["amount"] = -1m });
        Assert.Equal(HttpStatusCode.BadRequest, negative);
        Assert.NotNull(negativeBody!["errors"]!["amount"]);
        using var hospital = host.Hospital("H-NK-L2");
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Get("/api/v1/budgets/2020")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Put("/api/v1/budgets/2020/specialRelief", new JsonObject { ["amount"] = 1m })).Status);
    }

    private static JsonNode Fund(JsonNode budgets, string fund) => budgets["funds"]!.AsArray().Single(f => f!["fund"]!.GetValue<string>() == fund)!;

    private static JsonNode Member(JsonNode run, string memberId) => run["members"]!.AsArray().Single(m => m!["memberId"]!.GetValue<string>() == memberId)!;

    private static async Task Certify(HttpClient bureau, string memberId, string? from, string? to)
    {
        var list = from is null ? new JsonArray() : new JsonArray(new JsonObject { ["condition"] = "脑卒中后遗症", ["from"] = from, ["to"] = to });
        var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}/care-certifications", new JsonObject { ["certifications"] = list });
        Assert.True(status == HttpStatusCode.OK, raw);
    }

    private static async Task<JsonNode> Run(HttpClient bureau, int year)
    {
        var (status, body, raw) = await bureau.Post("/api/v1/allowances/caregiver/runs", new JsonObject { ["year"] = year });
        Assert.True(status == HttpStatusCode.Created, raw);
        return body!;
    }

    private static Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> Claim(HttpClient client, string memberId, string month, string condition, decimal cost) =>
        client.Post("/api/v1/allowances/child-rehabilitation/claims",
            new JsonObject { ["memberId"] = memberId, ["month"] = month, ["condition"] = condition, ["actualCost"] = cost });
}
