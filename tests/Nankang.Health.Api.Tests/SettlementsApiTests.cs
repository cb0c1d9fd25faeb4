using System.Net;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>Settle, preview, idempotency and visit rules of <c>/api/v1/settlements</c>.</summary>
[Collection(ApiCollection.Name)]
public sealed class SettlementsApiTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settle_SameKeyAndBody_ReturnsOriginalAnswerAndWritesNothing(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var claim = ApiClient.Claim(member);
        var key = TestIds.Unique("k");

        var first = await hospital.Post("/api/v1/settlements", claim, key);
        var counts = await api.TableCounts();
        var again = await hospital.Post("/api/v1/settlements", claim, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Raw, again.Raw);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settle_SameKeyOtherBody_Conflict(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var key = TestIds.Unique("k");
        var first = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, amount: 1000m), key);
        var counts = await api.TableCounts();

        var other = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, amount: 2000m), key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Equal(first.Body!["settlementId"]!.GetValue<string>(), other.Body!["existingSettlementId"]!.GetValue<string>());
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settle_VisitAlreadySettledUnderAnotherKey_ConflictNamesExistingSettlement(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var claim = ApiClient.Claim(member);
        var first = await hospital.Post("/api/v1/settlements", claim, TestIds.Unique("k"));

        var second = await hospital.Post("/api/v1/settlements", claim, TestIds.Unique("k"));
        var preview = await hospital.Post("/api/v1/settlements/preview", claim);

        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal(first.Body!["settlementId"]!.GetValue<string>(), second.Body!["existingSettlementId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, preview.Status);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settle_WithoutIdempotencyKey_BadRequestNamingTheHeader(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        var counts = await api.TableCounts();

        var response = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.Body!["errors"]!["Idempotency-Key"]);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Preview_StoresNothing_AndEqualsTheSettlementThatFollows(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor("Dibao"));
        using var hospital = api.Hospital("H-NK-L3");
        var claim = ApiClient.Claim(member, "H-NK-L3", 54321.99m);
        // A hospital previews for a patient it has admitted (NationalIdRuleTests).
        var admission = await hospital.Post("/api/v1/admissions", new JsonObject
        {
            ["hospitalId"] = "H-NK-L3", ["visitNo"] = claim["visitNo"]!.DeepClone(), ["memberId"] = member,
            ["nationalId"] = TestIds.NationalIdOf(member), ["admittedOn"] = "2020-01-01",
        });
        Assert.Equal(HttpStatusCode.Created, admission.Status);
        var counts = await api.TableCounts();

        var preview = await hospital.Post("/api/v1/settlements/preview", claim);
        Assert.Equal(counts, await api.TableCounts());
        var settled = await hospital.Post("/api/v1/settlements", claim, TestIds.Unique("k"));

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Equal("Preview", preview.Body!["status"]!.GetValue<string>());
        Assert.Null(preview.Body["settlementId"]);
        Assert.Equal(preview.Body["payments"]!.ToJsonString(), settled.Body!["payments"]!.ToJsonString());
        Assert.Equal(preview.Body["patientPays"]!.ToJsonString(), settled.Body["patientPays"]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settle_WithoutAdmission_RecordsTheAdmission_AndAdmissionAgainReturnsIt(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var claim = ApiClient.Claim(member);
        var settled = await hospital.Post("/api/v1/settlements", claim, TestIds.Unique("k"));
        Assert.Equal(HttpStatusCode.Created, settled.Status);

        var admission = await hospital.Post("/api/v1/admissions", new JsonObject
        {
            ["hospitalId"] = "H-NK-L2", ["visitNo"] = claim["visitNo"]!.GetValue<string>(), ["memberId"] = member, ["nationalId"] = TestIds.NationalIdOf(member), ["admittedOn"] = "2020-01-01",
        });

        Assert.True(admission.Status == HttpStatusCode.OK, admission.Raw);
        Assert.True(admission.Body!["treatFirstPayLater"]!.GetValue<bool>());
        Assert.False(admission.Body["depositRequired"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Admission_OrdinaryResident_PaysDeposit_AndSecondCallReturnsTheSameAdmission(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        var body = new JsonObject { ["hospitalId"] = "H-NK-L2", ["visitNo"] = TestIds.Unique("V"), ["memberId"] = member, ["nationalId"] = TestIds.NationalIdOf(member), ["admittedOn"] = "2020-03-01" };

        var first = await hospital.Post("/api/v1/admissions", body);
        var second = await hospital.Post("/api/v1/admissions", body);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body!["admissionId"]!.GetValue<string>(), second.Body!["admissionId"]!.GetValue<string>());
        Assert.True(first.Body["depositRequired"]!.GetValue<bool>());
        Assert.Empty(first.Body["categories"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settle_DischargeBeforeFirstPolicy_Unprocessable(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        var claim = ApiClient.Claim(member, dischargedOn: "2019-12-31");
        claim["admittedOn"] = "2019-12-20";
        var counts = await api.TableCounts();

        var response = await hospital.Post("/api/v1/settlements", claim, TestIds.Unique("k"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task List_OrdersByBooking_FiltersByDischargeDate_AndPages(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-TH-L1");
        var ids = new List<string>();
        foreach (var day in new[] { "2020-03-10", "2020-01-10", "2020-02-10" })
        {
            var r = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, "H-TH-L1", 500m, day), TestIds.Unique("k"));
            ids.Add(r.Body!["settlementId"]!.GetValue<string>());
        }

        var all = await hospital.Get($"/api/v1/settlements?memberId={member}&pageSize=2");
        var page2 = await hospital.Get($"/api/v1/settlements?memberId={member}&pageSize=2&page=2");
        var february = await hospital.Get($"/api/v1/settlements?memberId={member}&from=2020-02-01&to=2020-02-29");
        var tooBig = await hospital.Get("/api/v1/settlements?pageSize=501");

        Assert.Equal(3, all.Body!["total"]!.GetValue<int>());
        Assert.Equal(ids[..2], all.Body["items"]!.AsArray().Select(i => i!["settlementId"]!.GetValue<string>()));
        Assert.Equal(ids[2..], page2.Body!["items"]!.AsArray().Select(i => i!["settlementId"]!.GetValue<string>()));
        Assert.Equal([ids[2]], february.Body!["items"]!.AsArray().Select(i => i!["settlementId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.Status);
        Assert.NotNull(tooBig.Body!["errors"]!["pageSize"]);
    }
}
