using Nankang.Health.Application.Reconciliations;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The hospital detail's CSV as Sep splits it: quoting, line endings, blank lines and the byte-order mark, and every quoting
/// problem named by line and column as before, a field that does not close on its line included.
/// </summary>
public sealed class HospitalDetailCsvTests
{
    private const string Header = "visitNo,settlementId,totalCost,basicInsurance,seriousIllnessInsurance,supplementaryInsurance,medicalAssistance,specialReliefTopUp,specialReliefHighCost,patientPays";

    [Fact]
    public void QuotedFields_CrLf_BlankLinesAndBom_ReadWithTheirLineNumbers()
    {
        var csv = "\uFEFF" + Header + "\r\n\r\n\"V,1\",\"S\"\"1\",100.00,80.00,0,0,0,0,0,20.00\r\n   \r\nV2,S2,\"50.00\",40,0,0,0,0,0,10";

        var (lines, errors) = HospitalDetailCsv.Parse(csv, "detailCsv");

        Assert.False(errors.Any, string.Join("; ", errors.Entries));
        Assert.Equal([(3, "V,1", "S\"1", 10000L), (5, "V2", "S2", 5000L)], lines.Select(l => (l.LineNo, l.VisitNo, l.SettlementId, l.TotalCost.Fen)));
    }

    [Fact]
    public void QuotingProblems_NameLineAndColumn_AndTheNextLineIsReadOnItsOwn()
    {
        var csv = string.Join('\n',
            Header,
            "V1,\"S1,100.00,80.00,0,0,0,0,0,20.00",     // line 2: the quote does not close on its line
            "V2,\"S2\"x,100.00,80.00,0,0,0,0,0,20.00",  // line 3: text after the closing quote
            "V3,S3,100.00,abc,0,0,0,0,0,20.00",        // line 4: read on its own, not as the rest of line 2's field
            "V4,\"S4,100.00,80.00,0,0,0,0,0,20.00\"");  // line 5: closes at the end of the line: one field, 2 columns

        var (_, errors) = HospitalDetailCsv.Parse(csv, "detailCsv");

        Assert.Equal(
            [
                "line 2: column 2: a quoted field is not closed.",
                "line 3: column 2: text after a closing quote.",
                "line 4, column 4 (basicInsurance): 'abc' is not an amount of yuan with at most two decimals.",
                "line 5: 2 columns, expected 10.",
            ],
            errors.Entries.Select(e => e.Message));
    }
}
