using System.Globalization;
using Hl7.Fhir.Model;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Settlement;
using FhirMoney = Hl7.Fhir.Model.Money;
using Money = Nankang.Health.Settlement.Money;

namespace Nankang.Health.Api.Fhir;

/// <summary>
/// The code systems and shared pieces of the FHIR R4 answers (docs/fhir.md): HL7's terminology where it has the concept,
/// local <c>urn:nankang:*</c> systems where it does not (the funds, the patient's share, the year-to-date balances).
/// </summary>
public static class FhirCodes
{
    public const string MediaType = "application/fhir+json";
    public const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
    public const string ClaimType = "http://terminology.hl7.org/CodeSystem/claim-type";
    public const string PaymentType = "http://terminology.hl7.org/CodeSystem/ex-paymenttype";
    public const string BenefitCategory = "http://terminology.hl7.org/CodeSystem/ex-benefitcategory";
    public const string RelatedClaim = "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship";
    public const string PaymentDetailType = "http://terminology.hl7.org/CodeSystem/payment-type";

    /// <summary>A fund by its code in the national fund-payment-type dictionary, displayed by its Chinese name.</summary>
    public const string Fund = "urn:nankang:fund";

    /// <summary>The payment line (the <c>payments</c> key): tells apart the two special-relief lines, which share one fund code.</summary>
    public const string PaymentLine = "urn:nankang:payment-line";

    /// <summary>Local adjudication and total categories HL7 has no code for (the patient's share).</summary>
    public const string LocalAdjudication = "urn:nankang:adjudication";

    /// <summary>The year-to-date balances of <c>benefitBalance.financial.type</c>.</summary>
    public const string Balance = "urn:nankang:balance";

    /// <summary>How a related settlement is linked through a void, and the ledger entry kind of a reconciliation detail.</summary>
    public const string Related = "urn:nankang:related";
    public const string LedgerEntry = "urn:nankang:ledger-entry";

    public const string SettlementId = "urn:nankang:settlement";
    public const string MemberId = "urn:nankang:member";
    public const string NationalIdMasked = "urn:nankang:national-id-masked";
    public const string HospitalId = "urn:nankang:hospital";
    public const string Statement = "urn:nankang:statement";

    public const string BureauName = "南康区医疗保障局";

    /// <summary>An amount in CNY, yuan with two decimals.</summary>
    public static FhirMoney Cny(Money amount) => new() { Value = amount.Fen / 100m, Currency = FhirMoney.Currencies.CNY };

    public static CodeableConcept Concept(string system, string code, string? display = null) => new() { Coding = [new Coding(system, code, display)] };

    /// <summary>The category of a fund's adjudication: its fund code and Chinese name, and the payment line.</summary>
    public static CodeableConcept FundConcept(LineView line, Fund fund) => new()
    {
        Coding = [new Coding(Fund, line.FundCode, ChineseExplanations.FundName(fund)), new Coding(PaymentLine, fund.Key())],
        Text = ChineseExplanations.FundName(fund),
    };

    /// <summary>
    /// The adjudication of a settlement or preview: submitted (total cost), eligible (in-scope), one per fund, the patient's share.
    /// </summary>
    public static IEnumerable<(CodeableConcept Category, Money Amount)> Adjudications(SettlementView view)
    {
        yield return (Concept(Adjudication, "submitted", "Submitted Amount"), view.TotalCost);
        yield return (Concept(Adjudication, "eligible", "Eligible Amount"), view.InScopeAmount);
        for (var i = 0; i < Funds.All.Count; i++)
        {
            yield return (FundConcept(view.Lines[i], Funds.All[i]), view.Lines[i].Amount);
        }

        yield return (PatientShare(), view.PatientPays);
    }

    /// <summary>The totals: submitted (total cost), benefit (all funds), the patient's share.</summary>
    public static IEnumerable<(CodeableConcept Category, Money Amount)> Totals(SettlementView view)
    {
        yield return (Concept(Adjudication, "submitted", "Submitted Amount"), view.TotalCost);
        yield return (Concept(Adjudication, "benefit", "Benefit Amount"), view.FundTotal);
        yield return (PatientShare(), view.PatientPays);
    }

    public static CodeableConcept PatientShare() => Concept(LocalAdjudication, "patientPays", "个人自付");

    public static CodeableConcept Institutional() => Concept(ClaimType, "institutional", "Institutional");

    public static CodeableConcept Inpatient() => new() { Coding = [new Coding("urn:nankang:service", "inpatient", "住院")], Text = "住院" };

    /// <summary>The bureau, insurer of every settlement (the one-stop agent of the six funds).</summary>
    public static Organization Bureau() => new()
    {
        Id = "bureau",
        Identifier = [new Identifier("urn:nankang:organization", "bureau")],
        Name = BureauName,
        Type = [Concept("http://terminology.hl7.org/CodeSystem/organization-type", "pay", "Payer")],
    };

    public static Organization Hospital(string hospitalId, string? name) => new()
    {
        Id = "hospital",
        Identifier = [new Identifier(HospitalId, hospitalId)],
        Name = name,
        Type = [Concept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
    };

    /// <summary>The patient: member ID and, when known, the national ID masked as everywhere in the API; never the name.</summary>
    public static Patient Patient(string memberId, string? nationalIdMasked)
    {
        var patient = new Patient { Id = "patient", Identifier = [new Identifier(MemberId, memberId)] };
        if (nationalIdMasked is not null)
        {
            patient.Identifier.Add(new Identifier(NationalIdMasked, nationalIdMasked) { Type = new CodeableConcept { Text = "居民身份证号（已脱敏）" } });
        }

        return patient;
    }

    public static ResourceReference Contained(string id) => new($"#{id}");

    /// <summary>An instant as FHIR writes it, to the second with its offset.</summary>
    public static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
