// The Firely model types every element as nullable; a missing one fails these asserts (a null dereference or a mismatch) anyway.
#nullable disable warnings

using System.Net;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Nankang.Health.Settlement;
using Task = System.Threading.Tasks.Task;

namespace Nankang.Health.Api.Tests.Fhir;

/// <summary>
/// The FHIR R4 answers through HTTP on SQLite and PostgreSQL: every ExplanationOfBenefit, ClaimResponse and Bundle the
/// tests receive passes the Firely validator with 0 errors, and its amounts are the JSON route's to the fen.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FhirTests(ApiFixture fixture, FhirValidation fhir) : IClassFixture<FhirValidation>
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task GoldenCases_Settled_EachExplanationOfBenefitValid_AndItsAmountsAreTheJson(Provider provider)
    {
        var api = await fixture.For(provider);
        using var bureau = api.Bureau();
        var checkedCount = 0;
        foreach (var golden in GoldenFile.Cases)
        {
            var caseId = golden["case"]!.GetValue<string>();
            var memberId = TestIds.Unique($"F{caseId}-");
            var member = GoldenFile.Member(golden, TestIds.NextSequence());
            var nationalId = member["nationalId"]!.GetValue<string>();
            var (created, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", member);
            Assert.True(created == HttpStatusCode.Created, raw);
            var suffix = Guid.NewGuid().ToString("N")[..8];
            foreach (var claim in golden["claims"]!.AsArray().Select(c => c!.AsObject()))
            {
                using var hospital = api.Hospital(claim["hospitalId"]!.GetValue<string>());
                var (status, settled, text) = await hospital.Post(
                    "/api/v1/settlements", GoldenFile.ClaimBody(claim, memberId, nationalId, suffix), $"fhir-{caseId}-{suffix}-{claim["visitNo"]}");
                Assert.True(status == HttpStatusCode.Created, text);
                var id = settled!["settlementId"]!.GetValue<string>();

                var (fhirStatus, _, eobText) = await hospital.Get($"/api/v1/settlements/{id}/fhir");
                Assert.True(fhirStatus == HttpStatusCode.OK, eobText);
                var eob = fhir.Valid<ExplanationOfBenefit>(eobText);
                var json = (await hospital.Get($"/api/v1/settlements/{id}")).Body!;
                AssertSameAmounts(json, eob);
                Assert.Equal(ExplanationOfBenefit.ExplanationOfBenefitStatus.Active, eob.Status);
                Assert.Equal(claim["admittedOn"]!.GetValue<string>(), eob.BillablePeriod.Start);
                Assert.Equal(claim["dischargedOn"]!.GetValue<string>(), eob.BillablePeriod.End);
                Assert.DoesNotContain(nationalId, eobText, StringComparison.Ordinal);
                Assert.Contains($"{nationalId[..6]}********{nationalId[^4..]}", eobText, StringComparison.Ordinal);
                checkedCount++;
            }
        }

        Assert.Equal(GoldenFile.Cases.Sum(c => c["claims"]!.AsArray().Count), checkedCount);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Voided_IsCancelled_WithTheAdjustedSettlementRelated_AndTheAdjustedOneNamesTheVoid(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L3");
        var ids = new List<string>();
        foreach (var amount in new[] { 60000m, 30000m })
        {
            var r = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", amount), TestIds.Unique("k"));
            Assert.Equal(HttpStatusCode.Created, r.Status);
            ids.Add(r.Body!["settlementId"]!.GetValue<string>());
        }

        var voided = await hospital.Post($"/api/v1/settlements/{ids[0]}/void", new { reason = "重复记账" });
        Assert.Equal(HttpStatusCode.OK, voided.Status);
        Assert.Equal(ids[1], voided.Body!["adjustments"]![0]!["settlementId"]!.GetValue<string>());

        var first = fhir.Valid<ExplanationOfBenefit>((await hospital.Get($"/api/v1/settlements/{ids[0]}/fhir")).Raw);
        Assert.Equal(ExplanationOfBenefit.ExplanationOfBenefitStatus.Cancelled, first.Status);
        Assert.Equal([ids[1]], first.Related.Select(r => r.Reference.Value));
        Assert.Equal(0m, first.Payment.Amount.Value);
        AssertSameAmounts((await hospital.Get($"/api/v1/settlements/{ids[0]}")).Body!, first);
        Assert.Contains("重复记账", first.ProcessNote.Single().Text, StringComparison.Ordinal);

        var second = fhir.Valid<ExplanationOfBenefit>((await hospital.Get($"/api/v1/settlements/{ids[1]}/fhir")).Raw);
        Assert.Equal(ExplanationOfBenefit.ExplanationOfBenefitStatus.Active, second.Status);
        Assert.Equal([ids[0]], second.Related.Select(r => r.Reference.Value));
        var json = (await hospital.Get($"/api/v1/settlements/{ids[1]}")).Body!;
        Assert.Equal("Adjusted", json["status"]!.GetValue<string>());
        AssertSameAmounts(json, second);
        Assert.NotNull(second.Payment.Adjustment);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Preview_AsFhir_IsAValidPredeterminationClaimResponse_WithThePreviewsAmounts(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var claim = ApiClient.Claim(member, amount: 23456.78m);
        var settled = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member, amount: 5000m), TestIds.Unique("k"));
        Assert.Equal(HttpStatusCode.Created, settled.Status);

        var json = await hospital.Post("/api/v1/settlements/preview", claim);
        var (status, _, raw) = await hospital.Post("/api/v1/settlements/preview?format=fhir", claim);
        Assert.True(status == HttpStatusCode.OK, raw);
        var response = fhir.Valid<ClaimResponse>(raw);
        Assert.Equal(ClaimUseCode.Predetermination, response.Use);
        var adjudication = response.Item.Single().Adjudication;
        Assert.Equal(GoldenFile.Decimal(json.Body!["totalCost"]), Amount(adjudication, "submitted"));
        foreach (var fund in Funds.All)
        {
            Assert.Equal(GoldenFile.Decimal(json.Body["payments"]![fund.Key()]), Amount(adjudication, fund.Key()));
        }

        Assert.Equal(GoldenFile.Decimal(json.Body["patientPays"]), Amount(adjudication, "patientPays"));
        var bad = await hospital.Post("/api/v1/settlements/preview?format=xml", claim);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("fhir", bad.Body!["errors"]!["format"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Statement_AsFhir_ValidBundle_PerHospitalNetIsTheStatements_AndAHospitalSeesOnlyItsPart(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var a = api.Hospital("H-NK-L2");
        using var b = api.Hospital("H-NK-L3");
        var inA = await a.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L2", 8000m), TestIds.Unique("k"));
        var inB = await b.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L3", 9000m), TestIds.Unique("k"));
        Assert.Equal(HttpStatusCode.Created, inA.Status);
        Assert.Equal(HttpStatusCode.Created, inB.Status);
        var idA = inA.Body!["settlementId"]!.GetValue<string>();
        var idB = inB.Body!["settlementId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await a.Post($"/api/v1/settlements/{idA}/void", new { reason = "测试" })).Status);
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        using var bureau = api.Bureau();
        var all = fhir.Valid<Bundle>((await bureau.Get($"/api/v1/statements/{month}/fhir")).Raw);
        var statement = (await bureau.Get($"/api/v1/statements/{month}")).Body!;
        var reconciliations = all.Entry.Select(e => (PaymentReconciliation)e.Resource).ToList();
        Assert.Contains(reconciliations, r => r.Detail.Any(d => d.Request.Identifier.Value == idA));
        Assert.Contains(reconciliations, r => r.Detail.Any(d => d.Request.Identifier.Value == idB));
        foreach (var payee in statement["payees"]!.AsArray().Where(p => p!["payee"]!.GetValue<string>() != "households"))
        {
            var hospitalId = payee!["payee"]!.GetValue<string>();
            var reconciliation = reconciliations.Single(r => r.Id == $"{month}-{hospitalId}");
            Assert.Equal(GoldenFile.Decimal(payee["net"]), reconciliation.PaymentAmount.Value);
            Assert.Equal(reconciliation.PaymentAmount.Value, reconciliation.Detail.Sum(d => d.Amount.Value));
        }

        // A's void: the settlement and its reversal, netting to nothing.
        var ofA = reconciliations.Single(r => r.Id == $"{month}-H-NK-L2").Detail.Where(d => d.Request.Identifier.Value == idA).ToList();
        Assert.Equal(2, ofA.Count);
        Assert.Equal(0m, ofA.Sum(d => d.Amount.Value));

        var (status, _, ownRaw) = await a.Get($"/api/v1/statements/{month}/fhir");
        Assert.Equal(HttpStatusCode.OK, status);
        var own = fhir.Valid<Bundle>(ownRaw);
        Assert.Equal([$"{month}-H-NK-L2"], own.Entry.Select(e => e.Resource.Id));
        Assert.DoesNotContain(idB, ownRaw, StringComparison.Ordinal);
        Assert.DoesNotContain("H-NK-L3", ownRaw, StringComparison.Ordinal);
        var hospitalJson = (await a.Get($"/api/v1/statements/{month}/hospitals/H-NK-L2")).Body!;
        Assert.Equal(GoldenFile.Decimal(hospitalJson["payees"]![0]!["net"]), ((PaymentReconciliation)own.Entry[0].Resource).PaymentAmount.Value);

        var badMonth = await bureau.Get("/api/v1/statements/2020-13/fhir");
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.Status);
        Assert.NotNull(badMonth.Body!["errors"]!["month"]);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task AnotherHospital_GetsNotFound_OnTheExplanationOfBenefit(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var a = api.Hospital("H-NK-L2");
        using var b = api.Hospital("H-NK-L3");
        var settled = await a.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L2", 7000m), TestIds.Unique("k"));
        var id = settled.Body!["settlementId"]!.GetValue<string>();

        var foreign = await b.Get($"/api/v1/settlements/{id}/fhir");
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.DoesNotContain(member, foreign.Raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await a.Get($"/api/v1/settlements/{TestIds.Unique("S")}/fhir")).Status);
        using var bureau = api.Bureau();
        fhir.Valid<ExplanationOfBenefit>((await bureau.Get($"/api/v1/settlements/{id}/fhir")).Raw);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task RequiredElementRemoved_ValidatorFails(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var a = api.Hospital("H-NK-L2");
        var settled = await a.Post("/api/v1/settlements", ApiClient.Claim(member, "H-NK-L2", 7000m), TestIds.Unique("k"));
        var raw = (await a.Get($"/api/v1/settlements/{settled.Body!["settlementId"]!.GetValue<string>()}/fhir")).Raw;
        Assert.Empty(fhir.Errors(FhirValidation.Parse<ExplanationOfBenefit>(raw)));

        // ExplanationOfBenefit.insurance is 1..*, and item.adjudication.category 1..1.
        var noInsurance = FhirValidation.Parse<ExplanationOfBenefit>(raw);
        noInsurance.Insurance.Clear();
        Assert.Contains(fhir.Errors(noInsurance), e => e.Contains("insurance", StringComparison.OrdinalIgnoreCase));
        var noCategory = FhirValidation.Parse<ExplanationOfBenefit>(raw);
        noCategory.Item[0].Adjudication[0].Category = null;
        Assert.NotEmpty(fhir.Errors(noCategory));

        // The same in the JSON a client receives: the outcome (1..1) removed; the strict reader refuses it, and so does the validator.
        var node = JsonNode.Parse(raw)!.AsObject();
        node.Remove("outcome");
        Assert.Throws<Hl7.Fhir.Serialization.DeserializationFailedException>(() => FhirValidation.Parse<ExplanationOfBenefit>(node.ToJsonString()));
        Assert.Contains(fhir.Errors(FhirValidation.ParseAnyway<ExplanationOfBenefit>(node.ToJsonString())), e => e.Contains("outcome", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void OpenApiExamples_OfTheFhirAnswers_AreValidR4()
    {
        string Example(string operationId) => Http.Examples.Response(operationId, 200, "application/fhir+json")!.ToJsonString();

        fhir.Valid<ExplanationOfBenefit>(Example("GetSettlementFhir"));
        fhir.Valid<ClaimResponse>(Example("PreviewSettlement"));
        fhir.Valid<Bundle>(Example("GetStatementFhir"));
    }

    /// <summary>The EOB's adjudication, totals and payment against the JSON settlement, to the fen.</summary>
    private static void AssertSameAmounts(JsonNode json, ExplanationOfBenefit eob)
    {
        var item = eob.Item.Single();
        Assert.Equal(GoldenFile.Decimal(json["totalCost"]), item.Net.Value);
        Assert.All(eob.Item.SelectMany(i => i.Adjudication).Select(x => x.Amount).Concat(eob.Total.Select(t => t.Amount)).Append(eob.Payment.Amount),
            m => Assert.Equal(Hl7.Fhir.Model.Money.Currencies.CNY, m.Currency));
        Assert.Equal(GoldenFile.Decimal(json["totalCost"]), Amount(item.Adjudication, "submitted"));
        Assert.Equal(GoldenFile.Decimal(json["inScopeAmount"]), Amount(item.Adjudication, "eligible"));
        foreach (var fund in Funds.All)
        {
            Assert.Equal(GoldenFile.Decimal(json["payments"]![fund.Key()]), Amount(item.Adjudication, fund.Key()));
        }

        Assert.Equal(GoldenFile.Decimal(json["patientPays"]), Amount(item.Adjudication, "patientPays"));
        Assert.Equal(GoldenFile.Decimal(json["totalCost"]), Total(eob, "submitted"));
        Assert.Equal(GoldenFile.Decimal(json["fundTotal"]), Total(eob, "benefit"));
        Assert.Equal(GoldenFile.Decimal(json["patientPays"]), Total(eob, "patientPays"));
        Assert.Equal(json["net"]!["payments"]!.AsObject().Sum(p => GoldenFile.Decimal(p.Value)), eob.Payment.Amount.Value);

        var balance = eob.BenefitBalance.Single().Financial;
        var accumulators = json["accumulators"]!;
        Assert.Equal(GoldenFile.Decimal(accumulators["seriousIllnessBase"]), ((Hl7.Fhir.Model.Money)balance.Single(f => f.Type.Coding[0].Code == "seriousIllnessBase").Used).Value);
        Assert.Equal(GoldenFile.Decimal(accumulators["assistancePaid"]), ((Hl7.Fhir.Model.Money)balance.Single(f => f.Type.Coding[0].Code == "medicalAssistance").Used).Value);
        Assert.Equal(GoldenFile.Decimal(accumulators["selfPayAfterTopUp"]), ((Hl7.Fhir.Model.Money)balance.Single(f => f.Type.Coding[0].Code == "selfPay").Used).Value);
    }

    /// <summary>The amount of the adjudication whose category has <paramref name="code"/> (an HL7 code or a payment line).</summary>
    private static decimal? Amount(IEnumerable<ExplanationOfBenefit.AdjudicationComponent> adjudication, string code) =>
        adjudication.Single(a => a.Category.Coding.Any(c => c.Code == code)).Amount.Value;

    private static decimal? Amount(IEnumerable<ClaimResponse.AdjudicationComponent> adjudication, string code) =>
        adjudication.Single(a => a.Category.Coding.Any(c => c.Code == code)).Amount.Value;

    private static decimal? Total(ExplanationOfBenefit eob, string code) => eob.Total.Single(t => t.Category.Coding.Any(c => c.Code == code)).Amount.Value;
}
