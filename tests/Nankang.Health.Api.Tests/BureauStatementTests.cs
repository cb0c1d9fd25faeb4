using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Api.Tests;

/// <summary>Monthly statements: recomputed independently from the raw ledger rows, frozen by closing, cut in China Standard Time.</summary>
public sealed class BureauStatementTests
{
    private static readonly string[] HospitalLines =
        ["basicInsurance", "seriousIllnessInsurance", "supplementaryInsurance", "medicalAssistance", "specialReliefTopUp", "specialReliefHighCost"];

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Statement_RecomputedFromRawLedgerRows_MatchesToTheFen(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-05T02:00:00Z", CultureInfo.InvariantCulture));
        var (a, b) = (await host.CreateMember(), await host.CreateMember(poor: false));
        var child = await host.CreateMember(birthDate: "2016-01-01");
        var first = await host.Settle("H-NK-L2", a, 10000m, "2020-05-03");
        host.At("2020-05-06T03:00:00Z");
        var later = await host.Settle("H-NK-L3", a, 20000m, "2020-05-05");
        await host.Settle("H-TH-L1", b, 5000m, "2020-05-05");
        host.At("2020-05-20T03:00:00Z");
        var voided = await host.Void("H-NK-L2", first["settlementId"]!.GetValue<string>());

        // The void adjusts H-NK-L3's later settlement: not listed to H-NK-L2, which sees only its own; on H-NK-L3's settlement.
        Assert.Empty(voided["adjustments"]!.AsArray());
        using (var nkL3 = host.Hospital("H-NK-L3"))
        {
            var (_, adjusted, adjustedRaw) = await nkL3.Get($"/api/v1/settlements/{later["settlementId"]!.GetValue<string>()}");
            Assert.True(adjusted?["adjustments"]?.AsArray().Count > 0, adjustedRaw);
        }

        using var bureau = host.Bureau();
        host.At("2020-05-15T01:00:00Z");
        var (claimed, _, claimRaw) = await bureau.Post("/api/v1/allowances/child-rehabilitation/claims",
            new JsonObject { ["memberId"] = child, ["month"] = "2020-05", ["condition"] = "CerebralPalsy", ["actualCost"] = 3500m });
        Assert.True(claimed == HttpStatusCode.Created, claimRaw);
        var (certified, _, certRaw) = await bureau.Put($"/api/v1/members/{a}/care-certifications",
            new JsonObject { ["certifications"] = new JsonArray(new JsonObject { ["condition"] = "stroke", ["from"] = "2020-01-01", ["to"] = null }) });
        Assert.True(certified == HttpStatusCode.OK, certRaw);
        host.At("2020-05-25T01:00:00Z");
        var (ran, _, runRaw) = await bureau.Post("/api/v1/allowances/caregiver/runs", new JsonObject { ["year"] = 2020 });
        Assert.True(ran == HttpStatusCode.Created, runRaw);

        // 23:59:59 on 31 May in Ganzhou is May; one second later is 1 June, although both are 31 May in UTC.
        host.At("2020-05-31T15:59:59Z");
        await host.Settle("H-NK-L2", b, 4000m, "2020-05-30");
        host.At("2020-05-31T16:00:00Z");
        await host.Settle("H-NK-L2", a, 3000m, "2020-05-31");

        host.At("2020-06-10T00:00:00Z");
        var may = await GetStatement(bureau, "2020-05");
        var june = await GetStatement(bureau, "2020-06");
        await AssertMatchesLedger(host, may, "2020-05");
        await AssertMatchesLedger(host, june, "2020-06");

        var mayNkL2 = Line(may, "H-NK-L2", "basicInsurance");
        Assert.Equal(2, mayNkL2["settlements"]!["count"]!.GetValue<int>());
        Assert.Equal(1, mayNkL2["reversals"]!["count"]!.GetValue<int>());
        Assert.Equal(1, Line(june, "H-NK-L2", "basicInsurance")["settlements"]!["count"]!.GetValue<int>());
        Assert.Equal(3000m, Line(may, "households", "childRehabilitation")["net"]!.GetValue<decimal>());
        // Run on 25 May: January to May have begun, 5 × 250 (June to December are paid by later runs).
        Assert.Equal(1250m, Line(may, "households", "caregiverAllowance")["net"]!.GetValue<decimal>());
        Assert.Equal("local:caregiver", Line(may, "households", "caregiverAllowance")["fundCode"]!.GetValue<string>());
        Assert.Equal("640100", Line(may, "H-NK-L2", "specialReliefHighCost")["fundCode"]!.GetValue<string>());
        Assert.Equal("2020-05-01T00:00:00+08:00", may["from"]!.GetValue<string>());

        // One hospital's part equals its block of the whole statement; the CSV carries the same figures.
        using var nkL2 = host.Hospital("H-NK-L2");
        var (own, ownBody, ownRaw) = await nkL2.Get("/api/v1/statements/2020-05/hospitals/H-NK-L2");
        Assert.True(own == HttpStatusCode.OK, ownRaw);
        Assert.Equal(Payee(may, "H-NK-L2").ToJsonString(), ownBody!["payees"]![0]!.ToJsonString());
        var csv = await bureau.GetByteArrayAsync("/api/v1/statements/2020-05?format=csv");
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.Equal(csv, await bureau.GetByteArrayAsync("/api/v1/statements/2020-05?format=CSV"));

        // A format a route does not have is a 400 naming the ones it has, never a JSON answer.
        var (pdf, pdfBody, pdfRaw) = await bureau.Get("/api/v1/statements/2020-05?format=pdf");
        Assert.True(pdf == HttpStatusCode.BadRequest, pdfRaw);
        Assert.Equal("must be one of: json, csv, xlsx.", pdfBody!["errors"]!["format"]![0]!.GetValue<string>());
        var (hospitalCsv, hospitalBody, hospitalRaw) = await bureau.Get("/api/v1/reconciliations?format=csv");
        Assert.True(hospitalCsv == HttpStatusCode.BadRequest, hospitalRaw);
        Assert.Equal("must be one of: json.", hospitalBody!["errors"]!["format"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await bureau.Get("/api/v1/budgets/2020?format=JSON")).Status);
        var (_, rows) = ExportFiles.ReadCsv(csv);
        var payeeLines = may["payees"]!.AsArray().Sum(p => p!["lines"]!.AsArray().Count);
        Assert.Equal(payeeLines + 9, rows.Count); // one 合计 row per line: six hospital lines, three household lines
        Assert.Contains(rows, r => (r["月份"], r["状态"], r["收款方"], r["收款方名称"], r["支付项目"], r["基金编码"], r["结算笔数"], r["结算金额"], r["净额"])
            == ("2020-05", "未关账", "households", "困难群众家庭（直接发放）", "残疾儿童康复救助", "local:child-rehab", "1", "3000.00", "3000.00"));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task ClosedMonth_LateVoid_LandsInNextMonthAndClosedBytesNeverChange(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-10T02:00:00Z", CultureInfo.InvariantCulture));
        var member = await host.CreateMember();
        var settlement = await host.Settle("H-NK-L2", member, 12000m);
        var settlementId = settlement["settlementId"]!.GetValue<string>();
        using var bureau = host.Bureau();

        host.At("2020-05-31T15:00:00Z"); // 23:00 on 31 May in Ganzhou: May has not ended.
        var (early, _, _) = await bureau.Post("/api/v1/statements/2020-05/close", null);
        Assert.Equal(HttpStatusCode.Conflict, early);

        host.At("2020-06-02T01:00:00Z");
        using (var hospital = host.Hospital("H-NK-L2"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Post("/api/v1/statements/2020-05/close", null)).Status);
        }

        var (closed, closedBody, closedRaw) = await bureau.Post("/api/v1/statements/2020-05/close", null);
        Assert.True(closed == HttpStatusCode.OK, closedRaw);
        Assert.Equal("Closed", closedBody!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await bureau.Post("/api/v1/statements/2020-05/close", null)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await bureau.Post("/api/v1/statements/2020-06/close", null)).Status);

        var json = (await bureau.Get("/api/v1/statements/2020-05")).Raw;
        var csv = await bureau.GetByteArrayAsync("/api/v1/statements/2020-05?format=csv");
        var hospitalPart = (await bureau.Get("/api/v1/statements/2020-05/hospitals/H-NK-L2")).Raw;
        Assert.Equal(closedRaw, json);

        host.At("2020-06-03T02:00:00Z");
        await host.Void("H-NK-L2", settlementId);
        var (renamed, _, _) = await bureau.Put("/api/v1/hospitals/H-NK-L2", new JsonObject { ["name"] = "改名医院", ["level"] = 2, ["region"] = "InDistrict", ["designated"] = true });
        Assert.Equal(HttpStatusCode.OK, renamed);

        Assert.Equal(json, (await bureau.Get("/api/v1/statements/2020-05")).Raw);
        Assert.Equal(csv, await bureau.GetByteArrayAsync("/api/v1/statements/2020-05?format=csv"));
        Assert.Equal(hospitalPart, (await bureau.Get("/api/v1/statements/2020-05/hospitals/H-NK-L2")).Raw);
        await AssertMatchesLedger(host, JsonNode.Parse(json)!, "2020-05");

        var june = await GetStatement(bureau, "2020-06");
        await AssertMatchesLedger(host, june, "2020-06");
        var payments = settlement["payments"]!;
        foreach (var line in HospitalLines)
        {
            var cell = Line(june, "H-NK-L2", line);
            Assert.Equal(-payments[line]!.GetValue<decimal>(), cell["reversals"]!["amount"]!.GetValue<decimal>());
            Assert.Equal(payments[line]!.GetValue<decimal>(), Line(JsonNode.Parse(json)!, "H-NK-L2", line)["net"]!.GetValue<decimal>());
        }
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task ClosedMonth_PartOfAHospitalWithoutEntries_NeverChangesWhenItIsRenamed(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-10T02:00:00Z", CultureInfo.InvariantCulture));
        await host.Settle("H-NK-L2", await host.CreateMember(), 12000m);
        using var bureau = host.Bureau();
        host.At("2020-06-02T01:00:00Z");
        var (closed, _, closedRaw) = await bureau.Post("/api/v1/statements/2020-05/close", null);
        Assert.True(closed == HttpStatusCode.OK, closedRaw);
        var whole = (await bureau.Get("/api/v1/statements/2020-05")).Raw;
        Assert.Equal(closedRaw, whole);

        // H-TH-L1 booked nothing in May: its part has zero lines under the name it had when May was closed.
        var (status, part, partRaw) = await bureau.Get("/api/v1/statements/2020-05/hospitals/H-TH-L1");
        Assert.True(status == HttpStatusCode.OK, partRaw);
        Assert.Equal(GoldenFile.Hospitals.Single(h => h.Id == "H-TH-L1").Hospital.Name, part!["payees"]![0]!["payeeName"]!.GetValue<string>());
        Assert.Equal(0m, part["net"]!.GetValue<decimal>());
        var partCsv = await bureau.GetByteArrayAsync("/api/v1/statements/2020-05/hospitals/H-TH-L1?format=csv");

        var (renamed, _, renameRaw) = await bureau.Put("/api/v1/hospitals/H-TH-L1", new JsonObject { ["name"] = "改名卫生院", ["level"] = 1, ["region"] = "InDistrict", ["designated"] = true });
        Assert.True(renamed == HttpStatusCode.OK, renameRaw);
        Assert.Equal(partRaw, (await bureau.Get("/api/v1/statements/2020-05/hospitals/H-TH-L1")).Raw);
        Assert.Equal(partCsv, await bureau.GetByteArrayAsync("/api/v1/statements/2020-05/hospitals/H-TH-L1?format=csv"));
        Assert.Equal(whole, (await bureau.Get("/api/v1/statements/2020-05")).Raw);

        // A hospital registered after the close has no name frozen in May: its part names it by its id, before and after a rename.
        foreach (var name in new[] { "新设医院", "新设医院（改名）" })
        {
            var (put, _, putRaw) = await bureau.Put("/api/v1/hospitals/H-NEW", new JsonObject { ["name"] = name, ["level"] = 1, ["region"] = "InDistrict", ["designated"] = true });
            Assert.True(put is HttpStatusCode.Created or HttpStatusCode.OK, putRaw);
            var (_, newPart, _) = await bureau.Get("/api/v1/statements/2020-05/hospitals/H-NEW");
            Assert.Equal("H-NEW", newPart!["payees"]![0]!["payeeName"]!.GetValue<string>());
        }

        Assert.Equal(whole, (await bureau.Get("/api/v1/statements/2020-05")).Raw);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Statement_Roles_BureauAllHospitalOwnOnly(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-10T02:00:00Z", CultureInfo.InvariantCulture));
        using var hospital = host.Hospital("H-NK-L2");
        Assert.Equal(HttpStatusCode.Forbidden, (await hospital.Get("/api/v1/statements/2020-05")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await hospital.Get("/api/v1/statements/2020-05/hospitals/H-NK-L3")).Status);
        Assert.Equal(HttpStatusCode.OK, (await hospital.Get("/api/v1/statements/2020-05/hospitals/H-NK-L2")).Status);
        using var bureau = host.Bureau();
        var (bad, body, _) = await bureau.Get("/api/v1/statements/2020-13");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(body!["errors"]!["month"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await bureau.Get("/api/v1/statements/2020-05?format=xml")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.Get("/api/v1/statements/2020-05/hospitals/NO-SUCH")).Status);
    }

    /// <summary>
    /// A write that took its booking time in the last second of May and has not committed when May is closed: the close
    /// waits for it and counts it, so the entry is in May's frozen statement, not in neither month. Without the ledger
    /// gate, PostgreSQL's close would read May without the uncommitted entry and freeze it.
    /// </summary>
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task CloseMonth_WaitsForAWriteInProgress_AndCountsItInTheClosedMonth(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-31T15:59:59.5Z", CultureInfo.InvariantCulture));
        var member = await host.CreateMember();
        using var bureau = host.Bureau();

        await using var scope = host.Scope();
        var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
        // Begun as the settlement writer begins a batch: the ledger gate and the member-years' locks together.
        var write = await store.BeginWriteAsync([(member, 2020)], CancellationToken.None);
        store.AllowanceEntries.Add(new AllowanceEntryRow
        {
            Kind = LedgerEntryKind.Settlement, Line = AllowanceLines.Caregiver, MemberId = member, Year = 2020, MonthsJson = "[5]",
            Amount = 25_000, BookedAt = host.Clock.GetUtcNow().UtcDateTime, KeyId = "test:in-progress",
        });
        await store.SaveChangesAsync(CancellationToken.None);

        host.At("2020-05-31T16:00:01Z");
        var close = bureau.Post("/api/v1/statements/2020-05/close", null);
        var first = await Task.WhenAny(close, Task.Delay(TimeSpan.FromSeconds(1)));
        if (first == close)
        {
            Assert.Fail($"May was closed while a write booked in May was in progress: {(await close).Raw}");
        }

        await write.CommitAsync(CancellationToken.None);
        await write.DisposeAsync();
        var (status, closed, raw) = await close;
        Assert.True(status == HttpStatusCode.OK, raw);
        Assert.Equal(250m, Line(closed!, "households", "caregiverAllowance")["net"]!.GetValue<decimal>());
        Assert.DoesNotContain((await GetStatement(bureau, "2020-06"))["payees"]!.AsArray(), p => p!["payee"]!.GetValue<string>() == "households");
        await AssertMatchesLedger(host, closed!, "2020-05");
    }

    /// <summary>
    /// The other order: a write that waited for a month's close takes its booking time after the close, so it lands in
    /// the open month. The rehabilitation claim used to take its time before it waited.
    /// </summary>
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task WriteThatWaitedForAClose_IsBookedAtTheTimeItWasWritten_InTheOpenMonth(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-31T15:59:59.5Z", CultureInfo.InvariantCulture));
        var child = await host.CreateMember(birthDate: "2016-01-01");
        using var bureau = host.Bureau();

        await using var scope = host.Scope();
        var closing = await scope.ServiceProvider.GetRequiredService<IHealthStore>().BeginMonthCloseAsync(CancellationToken.None);
        var claim = bureau.Post("/api/v1/allowances/child-rehabilitation/claims",
            new JsonObject { ["memberId"] = child, ["month"] = "2020-05", ["condition"] = "CerebralPalsy", ["actualCost"] = 3500m });
        var first = await Task.WhenAny(claim, Task.Delay(TimeSpan.FromSeconds(1)));
        if (first == claim)
        {
            Assert.Fail($"The claim was booked while a close held the ledger: {(await claim).Raw}");
        }

        host.At("2020-05-31T16:00:01Z");
        await closing.DisposeAsync();
        var (status, body, raw) = await claim;
        Assert.True(status == HttpStatusCode.Created, raw);
        Assert.Equal(DateTimeOffset.Parse("2020-05-31T16:00:01Z", CultureInfo.InvariantCulture), body!["bookedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(3000m, Line(await GetStatement(bureau, "2020-06"), "households", "childRehabilitation")["net"]!.GetValue<decimal>());
        Assert.DoesNotContain((await GetStatement(bureau, "2020-05"))["payees"]!.AsArray(), p => p!["payee"]!.GetValue<string>() == "households");
    }

    /// <summary>The statements' payee for allowances cannot be taken by a hospital: its claims would merge with them.</summary>
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task HospitalId_Households_IsReservedForTheAllowancesPayee(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-05T02:00:00Z", CultureInfo.InvariantCulture));
        using var bureau = host.Bureau();
        foreach (var id in new[] { "households", "Households" })
        {
            var (status, body, raw) = await bureau.Put($"/api/v1/hospitals/{id}",
                new JsonObject { ["name"] = "冒名医院", ["level"] = 1, ["region"] = "InDistrict", ["designated"] = true });
            Assert.True(status == HttpStatusCode.BadRequest, raw);
            Assert.Contains("reserved", body!["errors"]!["hospitalId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.False(await host.Db(db => db.Hospitals.AnyAsync(h => h.Id.ToLower() == "households")));
    }

    private static async Task<JsonNode> GetStatement(HttpClient client, string month)
    {
        var (status, body, raw) = await client.Get($"/api/v1/statements/{month}");
        Assert.True(status == HttpStatusCode.OK, raw);
        return body!;
    }

    private static JsonNode Payee(JsonNode statement, string payee) =>
        statement["payees"]!.AsArray().Single(p => p!["payee"]!.GetValue<string>() == payee)!;

    private static JsonNode Line(JsonNode statement, string payee, string line) =>
        Payee(statement, payee)["lines"]!.AsArray().Single(l => l!["line"]!.GetValue<string>() == line)!;

    private static long Fen(JsonNode? amount) => (long)(amount!.GetValue<decimal>() * 100m);

    /// <summary>
    /// Recomputes the month from the raw rows — ledger_entries and allowance_entries, month = booking time + 8 hours — and
    /// compares every payee, line, count and amount with the statement.
    /// </summary>
    private static async Task AssertMatchesLedger(BureauHost host, JsonNode statement, string month)
    {
        var (claims, allowances) = await host.Db(async db => (await db.LedgerEntries.AsNoTracking().ToListAsync(), await db.AllowanceEntries.AsNoTracking().ToListAsync()));
        string MonthOf(DateTime bookedAt) => bookedAt.AddHours(8).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var expected = new Dictionary<(string Payee, string Line), long[]>();
        void Add(string payee, string line, LedgerEntryKind kind, long amount)
        {
            if (!expected.TryGetValue((payee, line), out var cell))
            {
                expected[(payee, line)] = cell = new long[6];
            }

            cell[(int)kind * 2] += amount != 0 ? 1 : 0;
            cell[(int)kind * 2 + 1] += amount;
        }

        foreach (var e in claims.Where(e => MonthOf(e.BookedAt) == month))
        {
            long[] amounts = [e.BasicInsurance, e.SeriousIllnessInsurance, e.SupplementaryInsurance, e.MedicalAssistance, e.SpecialReliefTopUp, e.SpecialReliefHighCost];
            for (var i = 0; i < HospitalLines.Length; i++)
            {
                Add(e.HospitalId, HospitalLines[i], e.Kind, amounts[i]);
            }
        }

        foreach (var e in allowances.Where(e => MonthOf(e.BookedAt) == month))
        {
            Add("households", e.Line, e.Kind, e.Amount);
        }

        var expectedPayees = expected.Keys.Select(k => k.Payee).Distinct().Order(StringComparer.Ordinal).ToList();
        var actualPayees = statement["payees"]!.AsArray().Select(p => p!["payee"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedPayees, actualPayees);
        var totals = new Dictionary<string, long>();
        foreach (var payee in statement["payees"]!.AsArray())
        {
            foreach (var line in payee!["lines"]!.AsArray())
            {
                var key = (payee["payee"]!.GetValue<string>(), line!["line"]!.GetValue<string>());
                var want = expected.GetValueOrDefault(key) ?? new long[6];
                long[] got =
                [
                    line["settlements"]!["count"]!.GetValue<int>(), Fen(line["settlements"]!["amount"]),
                    line["reversals"]!["count"]!.GetValue<int>(), Fen(line["reversals"]!["amount"]),
                    line["adjustments"]!["count"]!.GetValue<int>(), Fen(line["adjustments"]!["amount"]),
                ];
                Assert.True(want.SequenceEqual(got), $"{month} {key}: expected [{string.Join(',', want)}], statement [{string.Join(',', got)}]");
                Assert.Equal(want[1] + want[3] + want[5], Fen(line["net"]));
                totals[key.Item2] = totals.GetValueOrDefault(key.Item2) + want[1] + want[3] + want[5];
            }
        }

        foreach (var line in statement["totals"]!.AsArray())
        {
            Assert.Equal(totals.GetValueOrDefault(line!["line"]!.GetValue<string>()), Fen(line["net"]));
        }

        Assert.Equal(totals.Values.Sum(), Fen(statement["net"]));
    }
}
