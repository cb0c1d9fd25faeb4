using System.Net;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// A retried settlement (same Idempotency-Key, same body) is answered with the answer first given, byte for byte, whatever
/// happened to the settlement since: rebuilt from the append-only settlement row.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotentReplayTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Replay_AfterTheSettlementWasVoided_ReturnsTheFirstAnswerByteForByte_AndWritesNothing(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L3");
        var claim = ApiClient.Claim(member, "H-NK-L3", 60000m);
        var key = TestIds.Unique("k");
        var first = await hospital.Post("/api/v1/settlements", claim, key);
        Assert.True(first.Status == HttpStatusCode.Created, first.Raw);
        var id = first.Body!["settlementId"]!.GetValue<string>();
        var voided = await hospital.Post($"/api/v1/settlements/{id}/void", new { reason = "wrong patient" });
        var before = await api.Fingerprint();

        var again = await hospital.Post("/api/v1/settlements", claim, key);

        Assert.True(voided.Status == HttpStatusCode.OK, voided.Raw);
        Assert.Equal("Voided", (await hospital.Get($"/api/v1/settlements/{id}")).Body!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Raw, again.Raw);
        Assert.Equal("Settled", again.Body!["status"]!.GetValue<string>());
        Assert.Empty(again.Body["adjustments"]!.AsArray());
        Assert.Equal(before, await api.Fingerprint());
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Replay_OfALaterSettlementAdjustedByAVoid_ReturnsItsFirstAnswer_NotItsAdjustedState(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L3");
        var (earlierClaim, earlierKey) = (ApiClient.Claim(member, "H-NK-L3", 60000m), TestIds.Unique("k"));
        var (laterClaim, laterKey) = (ApiClient.Claim(member, "H-NK-L3", 30000m), TestIds.Unique("k"));
        var earlier = await hospital.Post("/api/v1/settlements", earlierClaim, earlierKey);
        var later = await hospital.Post("/api/v1/settlements", laterClaim, laterKey);
        Assert.True(earlier.Status == HttpStatusCode.Created, earlier.Raw);
        Assert.True(later.Status == HttpStatusCode.Created, later.Raw);
        var voided = await hospital.Post($"/api/v1/settlements/{earlier.Body!["settlementId"]!.GetValue<string>()}/void", new { reason = "duplicate bill" });
        var laterNow = await hospital.Get($"/api/v1/settlements/{later.Body!["settlementId"]!.GetValue<string>()}");

        var laterAgain = await hospital.Post("/api/v1/settlements", laterClaim, laterKey);
        var earlierAgain = await hospital.Post("/api/v1/settlements", earlierClaim, earlierKey);

        // The void must really have changed the later settlement, or this test would prove nothing.
        Assert.True(voided.Status == HttpStatusCode.OK, voided.Raw);
        Assert.Equal("Adjusted", laterNow.Body!["status"]!.GetValue<string>());
        Assert.NotEmpty(laterNow.Body["adjustments"]!.AsArray());
        Assert.NotEqual(later.Body["net"]!.ToJsonString(), laterNow.Body["net"]!.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, laterAgain.Status);
        Assert.Equal(later.Raw, laterAgain.Raw);
        Assert.Equal("Settled", laterAgain.Body!["status"]!.GetValue<string>());
        Assert.Empty(laterAgain.Body["adjustments"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, earlierAgain.Status);
        Assert.Equal(earlier.Raw, earlierAgain.Raw);
    }
}
