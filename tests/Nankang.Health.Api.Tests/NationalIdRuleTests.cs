using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The ID-card rule: an admission, and a settlement or preview of a visit without one, carries the patient's national ID,
/// which must be the member's (400 on <c>nationalId</c>, audited as <c>national-id.mismatch</c>); a preview answers only
/// for a member the hospital has admitted or settled (404, as accumulators).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NationalIdRuleTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Admission_AnotherMembersOrNoNationalId_400OnNationalId_AuditedAndNothingWritten(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember();
        var other = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        JsonObject Body(string? nationalId) => new()
        {
            ["hospitalId"] = "H-NK-L2", ["visitNo"] = TestIds.Unique("V"), ["memberId"] = member, ["nationalId"] = nationalId, ["admittedOn"] = "2020-03-01",
        };
        var counts = await api.TableCounts();

        var wrong = await hospital.Post("/api/v1/admissions", Body(TestIds.NationalIdOf(other)));
        var missing = await hospital.Post("/api/v1/admissions", Body(null));
        var unchanged = await api.TableCounts();
        var accumulators = await hospital.Get($"/api/v1/members/{member}/accumulators/2020");
        var right = await hospital.Post("/api/v1/admissions", Body(TestIds.NationalIdOf(member)));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.NotNull(wrong.Body!["errors"]!["nationalId"]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.NotNull(missing.Body!["errors"]!["nationalId"]);
        Assert.Equal(counts, unchanged);
        Assert.Equal(HttpStatusCode.NotFound, accumulators.Status);
        Assert.True(right.Status == HttpStatusCode.Created, right.Raw);
        Assert.Equal(1, await MismatchesRecorded(api, member));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Settlement_VisitWithoutAdmission_NeedsTheMembersNationalId_AnAdmittedVisitDoesNot(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        var other = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        var counts = await api.TableCounts();

        var wrong = ApiClient.Claim(member);
        wrong["nationalId"] = TestIds.NationalIdOf(other);
        var missing = ApiClient.Claim(member);
        missing.Remove("nationalId");
        var refusedWrong = await hospital.Post("/api/v1/settlements", wrong, TestIds.Unique("k"));
        var refusedMissing = await hospital.Post("/api/v1/settlements", missing, TestIds.Unique("k"));
        var unchanged = await api.TableCounts();

        // With an admission registered (by ID card) the discharge call may leave the ID out; with it, the first call admits.
        var admitted = ApiClient.Claim(member);
        var admission = await hospital.Post("/api/v1/admissions", new JsonObject
        {
            ["hospitalId"] = "H-NK-L2", ["visitNo"] = admitted["visitNo"]!.DeepClone(), ["memberId"] = member,
            ["nationalId"] = TestIds.NationalIdOf(member), ["admittedOn"] = "2020-01-01",
        });
        admitted.Remove("nationalId");
        var settledAdmitted = await hospital.Post("/api/v1/settlements", admitted, TestIds.Unique("k"));
        var settledWithCard = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member), TestIds.Unique("k"));

        Assert.Equal(HttpStatusCode.BadRequest, refusedWrong.Status);
        Assert.NotNull(refusedWrong.Body!["errors"]!["nationalId"]);
        Assert.Equal(HttpStatusCode.BadRequest, refusedMissing.Status);
        Assert.NotNull(refusedMissing.Body!["errors"]!["nationalId"]);
        Assert.DoesNotContain(TestIds.NationalIdOf(other)!, refusedWrong.Raw, StringComparison.Ordinal);
        Assert.Equal(counts, unchanged);
        Assert.Equal(HttpStatusCode.Created, admission.Status);
        Assert.True(settledAdmitted.Status == HttpStatusCode.Created, settledAdmitted.Raw);
        Assert.True(settledWithCard.Status == HttpStatusCode.Created, settledWithCard.Raw);
        Assert.Equal(1, await MismatchesRecorded(api, member));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Preview_MemberTheHospitalNeverAdmitted_404EvenWithTheIdCard_ThenAnswersOnceAdmitted(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var elsewhere = api.Hospital("H-NK-L3");
        var booked = await elsewhere.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", 50000m), TestIds.Unique("k"));
        Assert.Equal(HttpStatusCode.Created, booked.Status);
        using var hospital = api.Hospital("H-NK-L2");
        var claim = ApiClient.Claim(member);

        var unknown = await hospital.Post("/api/v1/settlements/preview", claim);
        var admission = await hospital.Post("/api/v1/admissions", new JsonObject
        {
            ["hospitalId"] = "H-NK-L2", ["visitNo"] = TestIds.Unique("V"), ["memberId"] = member,
            ["nationalId"] = TestIds.NationalIdOf(member), ["admittedOn"] = "2020-01-01",
        });
        var wrongCard = ApiClient.Claim(member);
        wrongCard["nationalId"] = TestIds.NationalId(TestIds.NextSequence());
        var mismatch = await hospital.Post("/api/v1/settlements/preview", wrongCard);
        var known = await hospital.Post("/api/v1/settlements/preview", claim);

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.DoesNotContain("claimCount", unknown.Raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, admission.Status);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Status);
        Assert.NotNull(mismatch.Body!["errors"]!["nationalId"]);
        Assert.True(known.Status == HttpStatusCode.OK, known.Raw);
        Assert.Equal(2, known.Body!["accumulators"]!["claimCount"]!.GetValue<int>());
        Assert.Equal(1, await MismatchesRecorded(api, member));
    }

    private static Task<int> MismatchesRecorded(ApiFactory api, string memberId) =>
        api.WithDb(db => db.AuditLog.CountAsync(a => a.Action == "national-id.mismatch" && a.Target == $"member:{memberId}" && a.Status == 400));
}
