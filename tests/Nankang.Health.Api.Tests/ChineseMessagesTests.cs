using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// <c>Accept-Language: zh</c> (any zh-*): problem titles, details, validation messages and line explanations in Chinese;
/// field paths, codes, statuses and enum values unchanged; English for every caller that does not ask.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChineseMessagesTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Problems_InChinese_WhenAsked_InEnglishOtherwise(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var settled = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member), TestIds.Unique("k"));
        var id = settled.Body!["settlementId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await hospital.Post($"/api/v1/settlements/{id}/void", new { reason = "重复" })).Status);

        var missing = ApiClient.Claim(member);
        missing.Remove("visitNo");
        var wrongType = ApiClient.Claim(member);
        wrongType["fees"]![0]!["amount"] = "15000";

        // (request, status, English title, Chinese title, Chinese detail or validation message, the error's path)
        var cases = new (Func<string?, Task<(HttpStatusCode, JsonNode)>> Send, HttpStatusCode Status, string En, string Zh, string ZhText, string? Path)[]
        {
            (l => Send(api, "H-NK-L2", HttpMethod.Get, "/api/v1/settlements/S-NONE", l), HttpStatusCode.NotFound, "Not found.", "未找到。", "没有结算单 S-NONE。", null),
            (l => Send(api, "H-NK-L2", HttpMethod.Post, $"/api/v1/settlements/{id}/void", l, new JsonObject { ["reason"] = "x" }), HttpStatusCode.Conflict, "Conflict.", "冲突。", $"结算单 {id} 已作废。", null),
            (l => Send(api, "H-NK-L2", HttpMethod.Get, "/api/v1/settlements?hospitalId=H-NK-L3", l), HttpStatusCode.Forbidden, "Forbidden.", "无权操作。", "医院密钥只能查询本院的结算单。", null),
            (l => Send(api, "H-NK-L2", HttpMethod.Post, "/api/v1/settlements", l, missing, TestIds.Unique("k")), HttpStatusCode.BadRequest, "The request is not valid.", "请求无效。", "必填。", "visitNo"),
            (l => Send(api, "H-NK-L2", HttpMethod.Post, "/api/v1/settlements", l, wrongType, TestIds.Unique("k")), HttpStatusCode.BadRequest, "The request is not valid.", "请求无效。", "须为最多两位小数的元金额。", "fees[0].amount"),
            (l => Send(api, "H-NK-L2", HttpMethod.Post, "/api/v1/settlements", l, ApiClient.Claim(member)), HttpStatusCode.BadRequest, "The request is not valid.", "请求无效。", "必须提供该请求头：1 至 128 个字符，每次结算尝试一个。", "Idempotency-Key"),
            (l => Send(api, null, HttpMethod.Get, "/api/v1/settlements", l), HttpStatusCode.Unauthorized, "Unauthorized", "未认证", "", null),
            (l => Send(api, "H-NK-L2", HttpMethod.Get, $"/api/v1/settlements/{id}/slip?format=doc", l), HttpStatusCode.BadRequest, "The request is not valid.", "请求无效。", "须为 html 或 pdf。", "format"),
        };

        foreach (var (send, status, en, zh, zhText, path) in cases)
        {
            foreach (var language in new[] { "zh", "zh-CN", "zh-Hans-CN;q=0.9, en;q=0.5" })
            {
                var (s, body) = await send(language);
                Assert.Equal(status, s);
                Assert.Equal(zh, body["title"]!.GetValue<string>());
                Assert.Equal((int)status, body["status"]!.GetValue<int>());
                if (path is not null)
                {
                    Assert.Equal([path], body["errors"]!.AsObject().Select(e => e.Key));
                    Assert.Equal(zhText, body["errors"]![path]![0]!.GetValue<string>());
                }
                else if (zhText.Length > 0)
                {
                    Assert.Equal(zhText, body["detail"]!.GetValue<string>());
                }
            }

            foreach (var language in new[] { null, "en", "en-GB, zh;q=0.8", "fr" })
            {
                var (s, body) = await send(language);
                Assert.Equal(status, s);
                Assert.Equal(en, body["title"]!.GetValue<string>());
            }
        }
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task EveryBadInputCase_InChinese_KeepsItsPath_AndEveryMessageIsTranslated(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        var untranslated = new List<string>();
        foreach (var (name, breakIt, path) in BadInputTests.Cases)
        {
            var claim = ApiClient.Claim(member);
            breakIt(claim);
            var (status, body) = await Send(api, "H-NK-L2", HttpMethod.Post, "/api/v1/settlements", "zh", claim, TestIds.Unique("k"));
            Assert.True(status == HttpStatusCode.BadRequest, $"{name}: {status} {body}");
            Assert.Contains(path, body["errors"]!.AsObject().Select(e => e.Key));
            untranslated.AddRange(body["errors"]!.AsObject()
                .SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>()))
                .Append(body["title"]!.GetValue<string>()).Append(body["detail"]!.GetValue<string>())
                .Where(m => !m.Any(c => c >= '\u4e00' && c <= '\u9fff'))
                .Select(m => $"{name}: {m}"));
        }

        Assert.Empty(untranslated);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settlement_InChinese_LinesExplainedInChinese_SameAmountsCodesAndStatus_EnglishByDefault(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        var claim = ApiClient.Claim(member, "H-NK-L2", 20000m);

        // A hospital previews only for a member it has admitted (the accumulators rule).
        var admission = new JsonObject
        {
            ["hospitalId"] = "H-NK-L2", ["visitNo"] = claim["visitNo"]!.DeepClone(), ["memberId"] = member,
            ["nationalId"] = claim["nationalId"]!.DeepClone(), ["admittedOn"] = claim["admittedOn"]!.DeepClone(),
        };
        Assert.Equal(HttpStatusCode.Created, (await Send(api, "H-NK-L2", HttpMethod.Post, "/api/v1/admissions", null, admission)).Status);
        var preview = await Send(api, "H-NK-L2", HttpMethod.Post, "/api/v1/settlements/preview", "zh-CN", claim);
        var settled = await Send(api, "H-NK-L2", HttpMethod.Post, "/api/v1/settlements", "zh-CN", claim, "zh-key-" + member);
        var id = settled.Body["settlementId"]!.GetValue<string>();
        var readZh = await Send(api, "H-NK-L2", HttpMethod.Get, $"/api/v1/settlements/{id}", "zh");
        var listZh = await Send(api, "H-NK-L2", HttpMethod.Get, $"/api/v1/settlements?memberId={member}", "zh");
        var readEn = await Send(api, "H-NK-L2", HttpMethod.Get, $"/api/v1/settlements/{id}", null);

        // The answer says its language: Content-Language zh in Chinese, none in English; both vary by Accept-Language.
        using (var client = api.Hospital("H-NK-L2"))
        {
            foreach (var (language, expected) in new[] { ("zh-CN", "zh"), ("en", null) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/settlements/{id}");
                request.Headers.TryAddWithoutValidation("Accept-Language", language);
                using var response = await client.SendAsync(request);
                Assert.Equal(expected, response.Content.Headers.ContentLanguage.SingleOrDefault());
                Assert.Contains("Accept-Language", response.Headers.Vary);
            }
        }

        Assert.Equal(HttpStatusCode.Created, settled.Status);
        var zhLines = settled.Body["lines"]!.AsArray();
        var enLines = readEn.Body["lines"]!.AsArray();
        Assert.Equal(
            ["basicInsurance", "seriousIllnessInsurance", "supplementaryInsurance", "medicalAssistance", "specialReliefTopUp", "specialReliefHighCost"],
            zhLines.Select(l => l!["fund"]!.GetValue<string>()));
        Assert.Equal("Settled", settled.Body["status"]!.GetValue<string>());
        Assert.Equal(enLines.Select(l => l!["fundCode"]!.ToJsonString()), zhLines.Select(l => l!["fundCode"]!.ToJsonString()));
        Assert.Equal(enLines.Select(l => l!["amount"]!.ToJsonString()), zhLines.Select(l => l!["amount"]!.ToJsonString()));
        Assert.Equal(readEn.Body["payments"]!.ToJsonString(), settled.Body["payments"]!.ToJsonString());

        // Each line in Chinese ends in its own amount; English by default.
        foreach (var (zh, en) in zhLines.Zip(enLines))
        {
            var zhText = zh!["explanation"]!.GetValue<string>();
            Assert.Contains(zhText, c => c >= '\u4e00' && c <= '\u9fff');
            Assert.DoesNotContain(en!["explanation"]!.GetValue<string>(), c => c >= '\u4e00' && c <= '\u9fff');
            Assert.EndsWith(GoldenFile.Decimal(zh["amount"]).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), zhText, StringComparison.Ordinal);
        }

        Assert.StartsWith("（政策范围内 20000.00 − 起付线 0.00（2级医院，建档立卡免起付线））⁺ × ", zhLines[0]!["explanation"]!.GetValue<string>(), StringComparison.Ordinal);

        // Read back from the ledger, the figures are re-derived: the same Chinese as the engine's own answer.
        var explanations = Explanations(settled.Body);
        Assert.Equal(explanations, Explanations(preview.Body));
        Assert.Equal(explanations, Explanations(readZh.Body));
        Assert.Equal(explanations, Explanations(listZh.Body["items"]![0]!));
    }

    private static List<string> Explanations(JsonNode settlement) => [.. settlement["lines"]!.AsArray().Select(l => l!["explanation"]!.GetValue<string>())];

    /// <summary>A refused rehabilitation claim (§7) says why in Chinese: the four refusals of the rules core.</summary>
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task RehabilitationRefusals_InChinese(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-12-20T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var nine = await host.CreateMember(birthDate: "2011-06-01");
        var notPoor = await host.CreateMember(birthDate: "2016-02-01", poor: false);
        var child = await host.CreateMember(birthDate: "2016-02-01");
        using var bureau = host.Bureau();
        bureau.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        async Task<JsonNode> Claim(string member, string month, string condition)
        {
            var (status, body, raw) = await bureau.Post("/api/v1/allowances/child-rehabilitation/claims",
                new JsonObject { ["memberId"] = member, ["month"] = month, ["condition"] = condition, ["actualCost"] = 100m });
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity, raw);
            return body!;
        }

        for (var month = 1; month <= 10; month++)
        {
            Assert.Null((await Claim(child, $"2020-{month:00}", "Autism"))["refusal"]);
        }

        // (the refusal, its Chinese detail)
        var cases = new (JsonNode Body, string Refusal, string Detail)[]
        {
            (await Claim(nine, "2020-06", "Autism"), "TooOld", "0.00：该月第一天儿童已不在救助年龄内"),
            (await Claim(notPoor, "2020-05", "Autism"), "NotPoor", "0.00：该月第一天儿童不属于贫困人口"),
            (await Claim(child, "2020-11", "Autism"), "MonthLimitReached", "0.00：本年度可救助月数已用完"),
        };
        foreach (var (body, refusal, detail) in cases)
        {
            Assert.Equal(refusal, body["refusal"]!.GetValue<string>());
            Assert.Equal("申请不予救助。", body["title"]!.GetValue<string>());
            Assert.Equal(detail, body["detail"]!.GetValue<string>());
        }
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> Send(
        ApiFactory api, string? hospitalId, HttpMethod method, string url, string? language, JsonObject? body = null, string? idempotencyKey = null)
    {
        using var client = hospitalId is null ? api.Client(null) : api.Hospital(hospitalId);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: HealthJson.Options);
        }

        if (language is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text.Length > 0 ? text : "{}")!);
    }
}
