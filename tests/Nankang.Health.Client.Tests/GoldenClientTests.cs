using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions;
using Nankang.Health.Api.Tests;
using Nankang.Health.Client.Models;

namespace Nankang.Health.Client.Tests;

/// <summary>
/// Every golden case through the client a hospital generates from openapi/ with Kiota, on SQLite and PostgreSQL: previewed,
/// settled, replayed (same Idempotency-Key → 200 and the same body) and voided, every amount equal to the golden figures;
/// accumulators and the month's statement read back through the client.
/// </summary>
public sealed class GoldenClientTests
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task EveryGoldenCase_ThroughTheGeneratedClient_MatchesToTheFen(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        await api.SeedHospitalsAsync();
        using var bureau = GeneratedClient.Bureau(api);
        var expectedByLine = new Dictionary<(string Hospital, string Line), decimal>();
        var settled = new List<(string CaseId, string HospitalId, string SettlementId)>();

        foreach (var golden in GoldenFile.Cases)
        {
            var caseId = golden["case"]!.GetValue<string>();
            var memberId = TestIds.Unique($"{caseId}-");
            var nationalId = TestIds.NationalId(TestIds.NextSequence());
            await bureau.Client.Api.V1.Members[memberId].PutAsync(Member(golden, nationalId));
            Assert.True(bureau.Last.Status == HttpStatusCode.Created, $"{caseId}: {bureau.Last.Body}");

            var suffix = Guid.NewGuid().ToString("N")[..8];
            var claims = golden["claims"]!.AsArray().Select(c => c!.AsObject()).ToList();
            var lastOfYear = new Dictionary<int, AccumulatorsView>();
            foreach (var claim in claims)
            {
                var hospitalId = claim["hospitalId"]!.GetValue<string>();
                using var hospital = GeneratedClient.Hospital(api, hospitalId);
                var body = Claim(claim, memberId, nationalId, suffix);
                var expected = claim["expected"]!.AsObject();
                var what = $"{caseId} {claim["visitNo"]}";

                // A hospital previews only for a member it has admitted (the accumulators rule), so the stay is admitted first.
                await hospital.Client.Api.V1.Admissions.PostAsync(Admission(body));
                Assert.True(hospital.Last.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{what} admission: {hospital.Last.Status} {hospital.Last.Body}");

                var preview = await hospital.Client.Api.V1.Settlements.Preview.PostAsync(body);
                AssertGolden(expected, preview, $"{what} preview");

                var key = $"{caseId}-{suffix}-{claim["visitNo"]}";
                var settlement = await hospital.Client.Api.V1.Settlements.PostAsync(body, c => c.Headers.Add("Idempotency-Key", key));
                Assert.True(hospital.Last.Status == HttpStatusCode.Created, $"{what}: {hospital.Last.Status} {hospital.Last.Body}");
                var first = hospital.Last.Body;
                AssertGolden(expected, settlement, what);

                var replay = await hospital.Client.Api.V1.Settlements.PostAsync(body, c => c.Headers.Add("Idempotency-Key", key));
                Assert.True(hospital.Last.Status == HttpStatusCode.OK, $"{what} replay: {hospital.Last.Status} {hospital.Last.Body}");
                Assert.Equal(first, hospital.Last.Body);
                Assert.Equal(settlement!.SettlementId, replay!.SettlementId);

                var read = await hospital.Client.Api.V1.Settlements[settlement.SettlementId].GetAsync();
                AssertGolden(expected, read, $"{what} read back");
                settled.Add((caseId, hospitalId, settlement.SettlementId!));
                lastOfYear[settlement.Year!.Value] = settlement.Accumulators!;
                foreach (var (fund, amount) in expected["payments"]!.AsObject())
                {
                    expectedByLine[(hospitalId, fund)] = expectedByLine.GetValueOrDefault((hospitalId, fund)) + GoldenFile.Decimal(amount);
                }
            }

            // The member's accumulators per year: the state the last settlement of the year reported, and what the funds
            // paid over the case's claims of that year, to the fen.
            foreach (var year in claims.GroupBy(c => int.Parse(c["dischargedOn"]!.GetValue<string>()[..4], CultureInfo.InvariantCulture)))
            {
                var accumulators = await bureau.Client.Api.V1.Members[memberId].Accumulators[year.Key].GetAsync();
                var reported = lastOfYear[year.Key];
                Assert.Equal(reported.ClaimCount, accumulators!.ClaimCount);
                Assert.Equal(reported.SeriousIllnessBase, accumulators.SeriousIllnessBase);
                Assert.Equal(reported.SelfPayAfterTopUp, accumulators.SelfPayAfterTopUp);
                Assert.True(Sum(year, "basicInsurance") == accumulators.BasicPaid, $"{caseId} {year.Key}: basicPaid {accumulators.BasicPaid}");
                Assert.True(Sum(year, "seriousIllnessInsurance") == accumulators.SeriousIllnessPaid, $"{caseId} {year.Key}: seriousIllnessPaid {accumulators.SeriousIllnessPaid}");
                Assert.True(Sum(year, "supplementaryInsurance") == accumulators.SupplementaryPaid, $"{caseId} {year.Key}: supplementaryPaid {accumulators.SupplementaryPaid}");
                Assert.True(Sum(year, "medicalAssistance") == accumulators.AssistancePaid, $"{caseId} {year.Key}: assistancePaid {accumulators.AssistancePaid}");
                Assert.True(Sum(year, "specialReliefHighCost") == accumulators.HighCostReliefPaid, $"{caseId} {year.Key}: highCostReliefPaid {accumulators.HighCostReliefPaid}");
            }
        }

        // The month's statement (booked now, months cut in China Standard Time): per hospital and line, the golden sums.
        var month = DateTimeOffset.UtcNow.ToOffset(ChinaStandardTime).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var statement = await bureau.Client.Api.V1.Statements[month].GetAsync();
        foreach (var ((hospitalId, line), amount) in expectedByLine)
        {
            var row = statement!.Payees!.Single(p => p.Payee == hospitalId).Lines!.Single(l => l.Line == line);
            Assert.Equal(amount, row.Settlements!.Amount);
            Assert.Equal(amount, row.Net);
        }

        // Voided, latest first (so no later settlement is re-adjudicated): every line's net comes back to zero.
        foreach (var (caseId, hospitalId, settlementId) in Enumerable.Reverse(settled))
        {
            using var hospital = GeneratedClient.Hospital(api, hospitalId);
            var voided = await hospital.Client.Api.V1.Settlements[settlementId].Void.PostAsync(new VoidBody { Reason = $"golden case {caseId} voided by the client test" });
            Assert.True(hospital.Last.Status == HttpStatusCode.OK, $"{caseId} void: {hospital.Last.Body}");
            Assert.Equal("Voided", voided!.Voided!.Status);
        }

        var after = await bureau.Client.Api.V1.Statements[month].Hospitals["H-NK-L2"].GetAsync();
        Assert.All(after!.Payees!.Single().Lines!, line => Assert.Equal(0m, line.Net));
        Assert.Contains(after.Payees!.Single().Lines!, line => line.Reversals!.Amount < 0m);
    }

    private static void AssertGolden(JsonObject expected, SettlementView? actual, string what)
    {
        Assert.NotNull(actual);
        Assert.True(GoldenFile.Decimal(expected["totalCost"]) == actual.TotalCost, $"{what}: totalCost {actual.TotalCost}");
        Assert.True(GoldenFile.Decimal(expected["inScopeAmount"]) == actual.InScopeAmount, $"{what}: inScopeAmount {actual.InScopeAmount}");
        Assert.True(GoldenFile.Decimal(expected["preSelfPayAmount"]) == actual.PreSelfPayAmount, $"{what}: preSelfPayAmount {actual.PreSelfPayAmount}");
        Assert.True(GoldenFile.Decimal(expected["outOfScopeAmount"]) == actual.OutOfScopeAmount, $"{what}: outOfScopeAmount {actual.OutOfScopeAmount}");
        Assert.True(GoldenFile.Decimal(expected["overLimitAmount"]) == actual.OverLimitAmount, $"{what}: overLimitAmount {actual.OverLimitAmount}");
        Assert.True(GoldenFile.Decimal(expected["patientPays"]) == actual.PatientPays, $"{what}: patientPays {actual.PatientPays}");
        foreach (var (fund, amount) in expected["payments"]!.AsObject())
        {
            Assert.True(GoldenFile.Decimal(amount) == Payment(actual.Payments!, fund), $"{what}: {fund} {Payment(actual.Payments!, fund)}");
        }

        Assert.Equal(6, actual.Lines!.Count);
    }

    private static decimal? Payment(PaymentsView payments, string fund) => fund switch
    {
        "basicInsurance" => payments.BasicInsurance,
        "seriousIllnessInsurance" => payments.SeriousIllnessInsurance,
        "supplementaryInsurance" => payments.SupplementaryInsurance,
        "medicalAssistance" => payments.MedicalAssistance,
        "specialReliefTopUp" => payments.SpecialReliefTopUp,
        "specialReliefHighCost" => payments.SpecialReliefHighCost,
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, "not a payment line"),
    };

    private static decimal Sum(IEnumerable<JsonObject> claims, string fund) =>
        claims.Sum(c => GoldenFile.Decimal(c["expected"]!["payments"]![fund]));

    /// <summary>A golden member as the client's model (one line per field).</summary>
    private static MemberBody Member(JsonObject golden, string nationalId) => new()
    {
        NationalId = nationalId,
        Name = $"测试{golden["case"]}",
        BirthDate = new Date(1960, 1, 1),
        Sex = MemberBody_sex.F,
        Township = "蓉江街道",
        Village = "新民村",
        Categories = [.. golden["categories"]!.AsArray().Select(c => new CategoryPeriodDto
        {
            Category = Enum.Parse<Category>(c!["category"]!.GetValue<string>()),
            From = Day(c["from"]),
            To = Day(c["to"]),
        })],
    };

    /// <summary>A golden claim as the client's model (one line per field: a new field of the contract is one more line).</summary>
    private static ClaimBody Claim(JsonObject claim, string memberId, string nationalId, string suffix) => new()
    {
        HospitalId = claim["hospitalId"]!.GetValue<string>(),
        VisitNo = $"{claim["visitNo"]}-{suffix}",
        MemberId = memberId,
        NationalId = nationalId,
        AdmittedOn = Day(claim["admittedOn"]),
        DischargedOn = Day(claim["dischargedOn"]),
        Referred = claim["referred"]!.GetValue<bool>(),
        InsuranceApplicable = claim["insuranceApplicable"]!.GetValue<bool>(),
        NotApplicableReason = claim["insuranceApplicable"]!.GetValue<bool>() ? null : "bureau-recognised special case",
        Diagnoses = [.. claim["diagnoses"]!.AsArray().Select(d => d!.GetValue<string>())],
        Fees = [.. claim["fees"]!.AsArray().Select(f => new FeeBody
        {
            ItemCode = f!["itemCode"]!.GetValue<string>(),
            Class = Enum.Parse<FeeClass>(f["class"]!.GetValue<string>()),
            Amount = GoldenFile.Decimal(f["amount"]),
            OverLimitAmount = f["overLimitAmount"] is { } over ? GoldenFile.Decimal(over) : null,
            SelfPayRatio = f["selfPayRatio"] is { } ratio ? GoldenFile.Decimal(ratio) : null,
        })],
    };

    /// <summary>The admission of a claim's stay, with the national ID from the patient's ID card.</summary>
    private static AdmissionBody Admission(ClaimBody claim) => new()
    {
        HospitalId = claim.HospitalId,
        VisitNo = claim.VisitNo,
        MemberId = claim.MemberId,
        NationalId = claim.NationalId,
        AdmittedOn = claim.AdmittedOn,
    };

    private static Date? Day(JsonNode? text) =>
        text is null ? null : new Date(DateOnly.ParseExact(text.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue));
}
