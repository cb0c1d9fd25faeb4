using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Allowances;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Api.Tests;

/// <summary>Anti-poverty insurance (防贫保) through HTTP: the warning list, reviews, runs, the statement line and the exports.</summary>
public sealed class AntiPovertyTests
{
    private const string Warnings = "/api/v1/anti-poverty/warnings?year=2020";

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task MarginalMember_ListedReviewedRunPaidTopUpRecoveredAndStatementMatchesBookings(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-12-20T02:00:00Z", CultureInfo.InvariantCulture));
        var rules = await Rules(host);
        using var bureau = host.Bureau();
        var marginal = await CreateMember(host, "Marginal");
        var rejected = await CreateMember(host, "Marginal");
        var poor = await CreateMember(host, "Marginal", "RegisteredPoor");
        var uncovered = await CreateMember(host);

        // Two stays in different hospitals take the marginal member over the line.
        var first = await host.Settle("H-NK-L2", marginal, 40000m, "2020-03-10", outOfScope: 8000m);
        var second = await host.Settle("H-NK-L3", marginal, 40000m, "2020-05-10", outOfScope: 8000m);
        var twoStays = Fen(first["patientPays"]) + Fen(second["patientPays"]);
        Assert.True(twoStays > rules.WarningLine.Fen, $"two stays' self-pay {twoStays} fen should be above the line");
        foreach (var other in new[] { rejected, poor, uncovered })
        {
            await host.Settle("H-NK-L2", other, 40000m, "2020-03-10", outOfScope: 8000m);
            await host.Settle("H-NK-L3", other, 40000m, "2020-05-10", outOfScope: 8000m);
        }

        var listed = Row(await List(bureau), marginal)!;
        Assert.Equal(twoStays, Fen(listed["selfPay"]));
        Assert.Equal(Payout(twoStays, rules), Fen(listed["payout"]));
        Assert.Equal("None", listed["review"]!.GetValue<string>());
        Assert.Equal(0, Fen(listed["booked"]));
        Assert.DoesNotContain(TestIds.NationalIdOf(marginal)!, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("*", listed["nationalIdMasked"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("蓉江街道", listed["township"]!.GetValue<string>());
        var list = await List(bureau);
        Assert.Null(Row(list, poor));
        Assert.Null(Row(list, uncovered));
        Assert.NotNull(Row(list, rejected));

        // Nothing is paid before an approval.
        Assert.Equal(0m, (await Run(bureau))["totalBooked"]!.GetValue<decimal>());
        var (reviewed, review, reviewRaw) = await Review(bureau, marginal, "Approved");
        Assert.True(reviewed == HttpStatusCode.Created, reviewRaw);
        Assert.Equal("Approved", review!["decision"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await Review(bureau, rejected, "Rejected")).Status);

        var paid = await Run(bureau);
        Assert.Equal(Payout(twoStays, rules), Fen(paid["totalBooked"]));
        Assert.Equal(1, paid["payments"]!.GetValue<int>());
        var again = await Run(bureau);
        Assert.Equal(0, Fen(again["totalBooked"]));
        Assert.Equal(0, again["payments"]!.GetValue<int>() + again["recoveries"]!.GetValue<int>());

        // A third stay raises S: the next run books the difference.
        var third = await host.Settle("H-TH-L1", marginal, 20000m, "2020-07-10", outOfScope: 10000m);
        var threeStays = Fen(Row(await List(bureau), marginal)!["selfPay"]);
        Assert.Equal(twoStays + Fen(third["patientPays"]), threeStays);
        Assert.Equal(Payout(threeStays, rules) - Payout(twoStays, rules), Fen((await Run(bureau))["totalBooked"]));

        // A void lowers S: the run recovers.
        await host.Void("H-NK-L2", first["settlementId"]!.GetValue<string>());
        var afterVoid = await SelfPay(host, marginal);
        Assert.True(afterVoid < threeStays);
        var recovery = await Run(bureau);
        Assert.Equal(Payout(afterVoid, rules) - Payout(threeStays, rules), Fen(recovery["totalBooked"]));
        Assert.Equal(1, recovery["recoveries"]!.GetValue<int>());
        Assert.Equal(Payout(afterVoid, rules), await Booked(host, marginal));
        var relisted = Row(await List(bureau), marginal);
        Assert.True(relisted is null || Fen(relisted["booked"]) == Payout(afterVoid, rules));

        // A rejected member is never paid; a rejection after payment recovers everything.
        Assert.Equal(0, await Booked(host, rejected));
        Assert.Equal(HttpStatusCode.Created, (await Review(bureau, marginal, "Rejected")).Status);
        Assert.Equal(-Payout(afterVoid, rules), Fen((await Run(bureau))["totalBooked"]));
        Assert.Equal(0, await Booked(host, marginal));

        // The month's statement line under the households equals the sum of the bookings.
        var (_, statement, statementRaw) = await bureau.Get("/api/v1/statements/2020-12");
        var line = statement!["payees"]!.AsArray().Single(p => p!["payee"]!.GetValue<string>() == "households")!["lines"]!.AsArray()
            .Single(l => l!["line"]!.GetValue<string>() == "antiPovertyInsurance")!;
        Assert.Equal("local:anti-poverty-insurance", line["fundCode"]!.GetValue<string>());
        var entries = await host.Db(db => db.AllowanceEntries.AsNoTracking().Where(e => e.Line == AllowanceLines.AntiPovertyInsurance).Select(e => e.Amount).ToListAsync());
        Assert.Equal(4, entries.Count);
        Assert.True(entries.Sum() == Fen(line["net"]), statementRaw);
        Assert.Equal(entries.Count(e => e != 0), line["settlements"]!["count"]!.GetValue<int>() + line["adjustments"]!["count"]!.GetValue<int>());

        // The budget line is the premium; the reviews are in the audit log and the table refuses an update.
        var (_, budgets, _) = await bureau.Get("/api/v1/budgets/2020");
        var fund = budgets!["funds"]!.AsArray().Single(f => f!["fund"]!.GetValue<string>() == "antiPovertyInsurance")!;
        Assert.Equal(2_600_000m, fund["budget"]!.GetValue<decimal>());
        Assert.Equal(0m, fund["spent"]!.GetValue<decimal>());
        Assert.Equal(3, await host.Db(db => db.AuditLog.CountAsync(a => a.Action == "anti-poverty.review")));
        await Assert.ThrowsAnyAsync<Exception>(() => host.Db(db => db.Database.ExecuteSqlRawAsync("UPDATE anti_poverty_reviews SET \"Decision\" = 'Approved'")));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Routes_BureauOnly_BadInputNamesTheField_SortAndExports(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-12-20T02:00:00Z", CultureInfo.InvariantCulture));
        using var bureau = host.Bureau();
        var a = await CreateMember(host, "Marginal");
        var b = await CreateMember(host, "Marginal");
        await host.Settle("H-NK-L2", a, 40000m, "2020-03-10", outOfScope: 8000m);
        await host.Settle("H-NK-L3", a, 40000m, "2020-05-10", outOfScope: 8000m);
        await host.Settle("H-NK-L2", b, 90000m, "2020-03-10", outOfScope: 15000m);

        var descending = (await List(bureau))["members"]!.AsArray().Select(m => Fen(m!["selfPay"])).ToList();
        Assert.Equal(2, descending.Count);
        Assert.Equal(descending.OrderDescending(), descending);
        var (_, ascending, _) = await bureau.Get($"{Warnings}&sort=selfPay");
        Assert.Equal(descending.Order(), ascending!["members"]!.AsArray().Select(m => Fen(m!["selfPay"])));

        using var csv = await bureau.GetAsync($"{Warnings}&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var (headers, rows) = ExportFiles.ReadCsv(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("年度自付", headers);
        Assert.Equal(2, rows.Count);
        using var xlsx = await bureau.GetAsync($"{Warnings}&format=xlsx");
        Assert.Equal(ExportFiles.XlsxMediaType, xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, ExportFiles.ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync()).Rows.Count);

        Assert.Equal("year", BadField(await bureau.Get("/api/v1/anti-poverty/warnings")));
        Assert.Equal("sort", BadField(await bureau.Get($"{Warnings}&sort=name")));
        Assert.Equal("decision", BadField(await Review(bureau, a, "Maybe")));
        Assert.Equal("reason", BadField(await bureau.Put($"/api/v1/anti-poverty/reviews/{a}/2020", new JsonObject { ["decision"] = "Approved" })));
        Assert.Equal("year", BadField(await bureau.Post("/api/v1/anti-poverty/runs", new JsonObject())));
        Assert.Equal(HttpStatusCode.NotFound, (await Review(bureau, "NO-SUCH", "Approved")).Status);

        using var hospital = host.Hospital("H-NK-L2");
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Get(Warnings)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Review(hospital, a, "Approved")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Post("/api/v1/anti-poverty/runs", new JsonObject { ["year"] = 2020 })).Status);
        Assert.Equal(0, await host.Db(db => db.AntiPovertyReviews.CountAsync()));
    }

    private static async Task<AntiPovertyInsurancePolicy> Rules(BureauHost host)
    {
        await using var scope = host.Scope();
        return scope.ServiceProvider.GetRequiredService<PolicySet>().For(new DateOnly(2020, 12, 31))!.AntiPovertyInsurance;
    }

    private static long Payout(long selfPay, AntiPovertyInsurancePolicy rules) => AntiPovertyInsurance.Payout(new Money(selfPay), rules).Fen;

    private static async Task<string> CreateMember(BureauHost host, params string[] categories)
    {
        var memberId = TestIds.Unique("M");
        using var bureau = host.Bureau();
        var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", new JsonObject
        {
            ["nationalId"] = TestIds.Remember(memberId, TestIds.NationalId(TestIds.NextSequence())),
            ["name"] = "测试",
            ["birthDate"] = "1960-01-01",
            ["sex"] = "M",
            ["township"] = "蓉江街道",
            ["village"] = "新民村",
            ["categories"] = new JsonArray([.. categories.Select(c => (JsonNode)new JsonObject { ["category"] = c, ["from"] = "2015-01-01", ["to"] = null })]),
        });
        Assert.True(status == HttpStatusCode.Created, raw);
        return memberId;
    }

    private static async Task<JsonNode> List(HttpClient bureau)
    {
        var (status, body, raw) = await bureau.Get(Warnings);
        Assert.True(status == HttpStatusCode.OK, raw);
        return body!;
    }

    private static JsonNode? Row(JsonNode list, string memberId) =>
        list["members"]!.AsArray().SingleOrDefault(m => m!["memberId"]!.GetValue<string>() == memberId);

    private static Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> Review(HttpClient client, string memberId, string decision) =>
        client.Put($"/api/v1/anti-poverty/reviews/{memberId}/2020", new JsonObject { ["decision"] = decision, ["reason"] = "扶贫办审核" });

    private static async Task<JsonNode> Run(HttpClient bureau)
    {
        var (status, body, raw) = await bureau.Post("/api/v1/anti-poverty/runs", new JsonObject { ["year"] = 2020 });
        Assert.True(status == HttpStatusCode.OK, raw);
        return body!;
    }

    private static string BadField((HttpStatusCode Status, JsonNode? Body, string Raw) answer)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.Raw);
        return Assert.Single(answer.Body!["errors"]!.AsObject()).Key;
    }

    private static Task<long> SelfPay(BureauHost host, string memberId) =>
        host.Db(db => db.LedgerEntries.Where(e => e.MemberId == memberId && e.Year == 2020).SumAsync(e => e.PatientPays));

    private static Task<long> Booked(BureauHost host, string memberId) =>
        host.Db(db => db.AllowanceEntries.Where(e => e.MemberId == memberId && e.Line == AllowanceLines.AntiPovertyInsurance).SumAsync(e => e.Amount));

    private static long Fen(JsonNode? amount) => (long)(amount!.GetValue<decimal>() * 100m);
}
