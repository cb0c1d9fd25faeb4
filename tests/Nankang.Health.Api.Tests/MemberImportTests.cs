using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// <c>POST /members/import</c> through HTTP: all or nothing with every bad row listed, members readable through GET,
/// a second import of the same file changing nothing, a changed row replacing the member with an audit row, XLSX and
/// Chinese headers.
/// </summary>
public sealed class MemberImportTests
{
    private const string EnglishHeader = "memberId,nationalId,name,birthDate,sex,township,village,categories";
    private const string ChineseHeader = "人员编号,身份证号,姓名,出生日期,性别,乡镇,村,类别";

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Import_GoodFileTwiceThenOneRowChanged_CreatesThenUnchangedThenReplacesAndAudits(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        using var bureau = api.Bureau();
        var rows = Enumerable.Range(0, 3).Select(_ => Row()).ToList();
        rows[1] = rows[1] with { Categories = "低保:2016-01-01~2018-12-31；建档立卡:2019-01-01~" };
        var csv = Csv(ChineseHeader, rows);

        var (status, body, raw) = await Import(bureau, csv, "registry.csv");
        Assert.True(status == HttpStatusCode.OK, raw);
        Assert.Equal((3, 3, 0, 0), Counts(body!));
        var (got, member, memberRaw) = await bureau.Get($"/api/v1/members/{rows[1].MemberId}");
        Assert.True(got == HttpStatusCode.OK, memberRaw);
        Assert.Equal(rows[1].Name, member!["name"]!.GetValue<string>());
        Assert.Equal(rows[1].NationalId[..6] + "********" + rows[1].NationalId[14..], member["nationalIdMasked"]!.GetValue<string>());
        Assert.Equal("F", member["sex"]!.GetValue<string>());
        Assert.Equal("1960-01-01", member["birthDate"]!.GetValue<string>());
        var categories = member["categories"]!.AsArray().Select(c => $"{c!["category"]}:{c["from"]}~{c["to"]}").Order().ToList();
        Assert.Equal(["Dibao:2016-01-01~2018-12-31", "RegisteredPoor:2019-01-01~"], categories);

        // The same file again: nothing is written, and the answer says so.
        var before = await api.Fingerprint();
        (status, body, raw) = await Import(bureau, csv, "registry.csv");
        Assert.True(status == HttpStatusCode.OK, raw);
        Assert.Equal((3, 0, 0, 3), Counts(body!));
        Assert.Equal(before, await api.Fingerprint());

        // One changed row (a new village and one category fewer) replaces that member as PUT does, and only that one.
        rows[1] = rows[1] with { Village = "新村", Categories = "建档立卡:2019-01-01~" };
        (status, body, raw) = await Import(bureau, Csv(ChineseHeader, rows), "registry.csv");
        Assert.True(status == HttpStatusCode.OK, raw);
        Assert.Equal((3, 0, 1, 2), Counts(body!));
        (_, member, _) = await bureau.Get($"/api/v1/members/{rows[1].MemberId}");
        Assert.Equal("新村", member!["village"]!.GetValue<string>());
        Assert.Single(member["categories"]!.AsArray());
        var audit = await api.WithDb(db => db.AuditLog.Where(a => a.Target == $"member:{rows[1].MemberId}").Select(a => a.Action).ToListAsync());
        Assert.Equal(["member.create", "member.replace"], audit.Order());
        Assert.Equal(1, await api.WithDb(db => db.AuditLog.CountAsync(a => a.Action == "member.replace")));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Import_BadRows_WritesNothingAndListsEveryBadRow(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        using var bureau = api.Bureau();
        var holder = Row();
        var (put, _, putRaw) = await bureau.Put($"/api/v1/members/{holder.MemberId}", new JsonObject
        {
            ["nationalId"] = holder.NationalId, ["name"] = holder.Name, ["birthDate"] = "1960-01-01", ["sex"] = "F", ["categories"] = new JsonArray(),
        });
        Assert.True(put == HttpStatusCode.Created, putRaw);
        var good = Row();
        var badCheck = Row() with { NationalId = Row().NationalId[..17] + "Z" };
        var badDate = Row() with { BirthDate = "1960-13-01" };
        var badSex = Row() with { Sex = "X" };
        var badCategory = Row() with { Categories = "贫困:2015-01-01~" };
        var duplicate = Row() with { MemberId = good.MemberId };
        var reversed = Row() with { Categories = "低保:2018-01-01~2017-01-01" };
        var takenId = Row() with { NationalId = holder.NationalId };
        var rows = new[] { good, badCheck, badDate, badSex, badCategory, duplicate, reversed, takenId };
        var before = await api.Fingerprint();

        var (status, body, raw) = await Import(bureau, Csv(EnglishHeader, rows), "registry.csv");

        Assert.True(status == HttpStatusCode.UnprocessableEntity, raw);
        Assert.Equal(before, await api.Fingerprint());
        var errors = body!["rowErrors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>())).ToList();
        Assert.Equal([(3, "nationalId"), (4, "birthDate"), (5, "sex"), (6, "categories"), (7, "memberId"), (8, "categories"), (9, "nationalId")], errors);
        Assert.Equal(7, body["rowErrorCount"]!.GetValue<int>());
        Assert.DoesNotContain(badCheck.NationalId, raw, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Import_ManyBadRows_ListsTheFirstHundredAndTheTotal(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        using var bureau = api.Bureau();
        var rows = Enumerable.Range(0, 150).Select(_ => Row() with { Sex = "?" }).ToList();

        var (status, body, raw) = await Import(bureau, Csv(EnglishHeader, rows), "registry.csv");

        Assert.True(status == HttpStatusCode.UnprocessableEntity, raw);
        Assert.Equal(100, body!["rowErrors"]!.AsArray().Count);
        Assert.Equal(150, body["rowErrorCount"]!.GetValue<int>());
        Assert.Equal(0, await api.WithDb(db => db.Members.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Import_Xlsx_ReadsDateCellsAndMatchesTheCsvImport(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        using var bureau = api.Bureau();
        var rows = Enumerable.Range(0, 4).Select(_ => Row()).ToList();
        var sheet = rows.Select(r => new Dictionary<string, object>
        {
            ["人员编号"] = r.MemberId, ["身份证号"] = r.NationalId, ["姓名"] = r.Name, ["出生日期"] = new DateTime(1960, 1, 1),
            ["性别"] = "女", ["乡镇"] = r.Township, ["村"] = r.Village, ["类别"] = r.Categories,
        }).ToList();
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(sheet);

        var (status, body, raw) = await Import(bureau, xlsx.ToArray(), "registry.xlsx");
        Assert.True(status == HttpStatusCode.OK, raw);
        Assert.Equal((4, 4, 0, 0), Counts(body!));

        // The CSV of the same members is the same registry: nothing changes.
        (status, body, raw) = await Import(bureau, Csv(EnglishHeader, rows), "registry.csv");
        Assert.True(status == HttpStatusCode.OK, raw);
        Assert.Equal((4, 0, 0, 4), Counts(body!));
        var (_, member, _) = await bureau.Get($"/api/v1/members/{rows[3].MemberId}");
        Assert.Equal("1960-01-01", member!["birthDate"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Import_HospitalKeyOrUnknownFileType_Refused(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        using var hospital = api.Hospital("H-NK-L2");
        var csv = Csv(EnglishHeader, [Row()]);
        Assert.Equal(HttpStatusCode.Forbidden, (await Import(hospital, csv, "registry.csv")).Status);
        using var bureau = api.Bureau();
        var (status, body, raw) = await Import(bureau, csv, "registry.txt");
        Assert.True(status == HttpStatusCode.BadRequest, raw);
        Assert.NotNull(body!["errors"]!["file"]);
        (status, body, raw) = await Import(bureau, Encoding.UTF8.GetBytes("memberId,name\nM1,x\n"), "registry.csv");
        Assert.True(status == HttpStatusCode.BadRequest, raw);
        Assert.Contains("nationalId", body!["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await api.WithDb(db => db.Members.CountAsync()));
    }

    internal sealed record FileRow(string MemberId, string NationalId, string Name, string BirthDate, string Sex, string Township, string Village, string Categories);

    private static FileRow Row() =>
        new(TestIds.Unique("M"), TestIds.NationalId(TestIds.NextSequence()), "测试" + Guid.NewGuid().ToString("N")[..4], "1960-01-01", "女", "蓉江街道", "新民村", "建档立卡:2015-01-01~");

    /// <summary>UTF-8 with BOM, as Excel saves "CSV UTF-8".</summary>
    private static byte[] Csv(string header, IEnumerable<FileRow> rows)
    {
        var text = new StringBuilder(header).Append("\r\n");
        foreach (var r in rows)
        {
            text.Append($"{r.MemberId},{r.NationalId},{r.Name},{r.BirthDate},{r.Sex},{r.Township},{r.Village},{r.Categories}\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> Import(HttpClient client, byte[] file, string fileName)
    {
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv");
        content.Add(part, "file", fileName);
        using var response = await client.PostAsync("/api/v1/members/import", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, text);
    }

    private static (int Rows, int Created, int Changed, int Unchanged) Counts(JsonNode body) =>
        (body["rows"]!.GetValue<int>(), body["created"]!.GetValue<int>(), body["changed"]!.GetValue<int>(), body["unchanged"]!.GetValue<int>());
}
