using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Nankang.Health.Application.Statements;
using static Nankang.Health.Api.Fhir.FhirCodes;

namespace Nankang.Health.Api.Fhir;

/// <summary>
/// A month's statement as a FHIR R4 Bundle (collection) of one PaymentReconciliation per hospital: what the funds owe it
/// for the month, with one <c>detail</c> per ledger entry booked in the month (a settlement, the reversal of a void, or an
/// adjustment), each naming its settlement's ExplanationOfBenefit. Why not a Bundle of EOBs: docs/fhir.md.
/// </summary>
public static class PaymentReconciliationMapper
{
    public static Bundle Map(MonthEntriesView month, DateTimeOffset created)
    {
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Identifier = new Identifier(Statement, month.Month),
            Timestamp = created,
        };
        foreach (var hospital in month.Hospitals)
        {
            var reconciliation = Map(month, hospital, created);
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Urn($"{month.Month}/{hospital.HospitalId}"), Resource = reconciliation });
        }

        return bundle;
    }

    private static PaymentReconciliation Map(MonthEntriesView month, HospitalMonthEntries hospital, DateTimeOffset created)
    {
        var lastDay = DateOnly.FromDateTime(month.To.AddDays(-1).DateTime);
        return new PaymentReconciliation
        {
            Id = $"{month.Month}-{hospital.HospitalId}",
            Identifier = [new Identifier(Statement, $"{month.Month}/{hospital.HospitalId}")],
            Status = FinancialResourceStatusCodes.Active,
            Period = new Period { Start = Instant(month.From), End = Instant(month.To) },
            Created = Instant(created),
            PaymentIssuer = Contained("bureau"),
            Outcome = ClaimProcessingCodes.Complete,
            Disposition = $"{month.Month} 月结算单：{hospital.HospitalName}",
            PaymentDate = Date(lastDay),
            PaymentAmount = Cny(hospital.FundTotal),
            Contained = [Bureau(), Hospital(hospital.HospitalId, hospital.HospitalName)],
            Detail = [.. hospital.Entries.Select(e => new PaymentReconciliation.DetailsComponent
            {
                Type = new CodeableConcept
                {
                    Coding =
                    [
                        new Coding(PaymentDetailType, e.Kind == "Settlement" ? "payment" : "adjustment"),
                        new Coding(LedgerEntry, e.Kind, e.Kind switch { "Settlement" => "结算", "Reversal" => "作废冲销", _ => "重算调整" }),
                    ],
                },
                Request = new ResourceReference($"ExplanationOfBenefit/{e.SettlementId}") { Identifier = new Identifier(SettlementId, e.SettlementId) },
                Payee = Contained("hospital"),
                Date = Date(DateOnly.FromDateTime(e.BookedAt.ToOffset(StatementMonth.Offset).DateTime)),
                Amount = Cny(e.FundTotal),
            })],
        };
    }

    /// <summary>A stable <c>urn:uuid</c> for a bundle entry, derived from its name (the same statement part, the same URN).</summary>
    private static string Urn(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"nankang:statement:{name}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return $"urn:uuid:{new Guid(hash.AsSpan(0, 16), bigEndian: true)}";
    }
}
