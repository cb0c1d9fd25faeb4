using System.Net;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>The role table of the contract: 401 without a valid key, 403 for a role that may not call, 404 for others' objects.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task MissingOrWrongKey_Unauthorized_AsProblemDetails(Provider provider)
    {
        var api = await fixture.For(provider);
        using var none = api.Client(null);
        using var wrong = api.Client("not-a-key");

        var missing = await none.Get("/api/v1/hospitals/H-NK-L2");
        var bad = await wrong.Post("/api/v1/settlements/preview", ApiClient.Claim("M1"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.Status);
        Assert.Equal(401, missing.Body!["status"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task HospitalKey_OnBureauRoutes_Forbidden_AndNothingWritten(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        var counts = await api.TableCounts();

        var putMember = await hospital.Put($"/api/v1/members/{member}", new JsonObject { ["name"] = "x" });
        var getMember = await hospital.Get($"/api/v1/members/{member}");
        var putHospital = await hospital.Put("/api/v1/hospitals/H-NK-L2", new { name = "mine now", level = 3, region = "InDistrict", designated = true });

        Assert.Equal(HttpStatusCode.Forbidden, putMember.Status);
        Assert.Equal(HttpStatusCode.Forbidden, getMember.Status);
        Assert.Equal(HttpStatusCode.Forbidden, putHospital.Status);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task HospitalKey_ActingForAnotherHospital_Forbidden_AndNothingWritten(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var counts = await api.TableCounts();

        var settle = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3"), TestIds.Unique("k"));
        var preview = await hospital.Post("/api/v1/settlements/preview", ApiClient.Claim(member, "H-NK-L3"));
        var admit = await hospital.Post("/api/v1/admissions", new { hospitalId = "H-NK-L3", visitNo = "V1", memberId = member, nationalId = TestIds.NationalIdOf(member), admittedOn = "2020-01-01" });

        Assert.Equal(HttpStatusCode.Forbidden, settle.Status);
        Assert.Equal(HttpStatusCode.Forbidden, preview.Status);
        Assert.Equal(HttpStatusCode.Forbidden, admit.Status);
        Assert.Equal(counts, await api.TableCounts());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Accumulators_VisibleToBureauAndToHospitalsThatAdmittedTheMember_Only(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var admitting = api.Hospital("H-NK-L2");
        using var other = api.Hospital("H-NK-L3");
        using var bureau = api.Bureau();
        await admitting.Post("/api/v1/settlements", ApiClient.Claim(member, amount: 1234.56m), TestIds.Unique("k"));

        var byAdmitting = await admitting.Get($"/api/v1/members/{member}/accumulators/2020");
        var byOther = await other.Get($"/api/v1/members/{member}/accumulators/2020");
        var byBureau = await bureau.Get($"/api/v1/members/{member}/accumulators/2021");

        Assert.Equal(HttpStatusCode.OK, byAdmitting.Status);
        Assert.Equal(1, byAdmitting.Body!["claimCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, byOther.Status);
        Assert.Equal(HttpStatusCode.OK, byBureau.Status);
        Assert.Equal(0, byBureau.Body!["claimCount"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Member_IsShownWithTheNationalIdMasked(Provider provider)
    {
        var api = await fixture.For(provider);
        using var bureau = api.Bureau();
        var nationalId = TestIds.NationalId(TestIds.NextSequence());
        var id = TestIds.Unique("M");
        var put = await bureau.Put($"/api/v1/members/{id}", new JsonObject
        {
            ["nationalId"] = nationalId, ["name"] = "王五", ["birthDate"] = "1960-01-01", ["sex"] = "M", ["categories"] = new JsonArray(),
        });
        var get = await bureau.Get($"/api/v1/members/{id}");
        var duplicate = await bureau.Put($"/api/v1/members/{TestIds.Unique("M")}", new JsonObject
        {
            ["nationalId"] = nationalId, ["name"] = "x", ["birthDate"] = "1960-01-01", ["sex"] = "M", ["categories"] = new JsonArray(),
        });

        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.DoesNotContain(nationalId, put.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain(nationalId, get.Raw, StringComparison.Ordinal);
        Assert.Equal($"{nationalId[..6]}********{nationalId[^4..]}", get.Body!["nationalIdMasked"]!.GetValue<string>());
        Assert.Equal("王五", get.Body["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
    }
}
