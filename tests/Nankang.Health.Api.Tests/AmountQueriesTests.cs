using CsCheck;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The amount markers (<see cref="AmountQueries"/>) expanded into one term per column answer as the markers computed in
/// memory: each query runs over <c>AsQueryable()</c>, which compiles the expanded tree, so a column left out or repeated
/// changes the answer. The database side is VerifyDatabaseTests, on every provider.
/// </summary>
public sealed class AmountQueriesTests
{
    // Small signed amounts, many zeros: sums that cancel and columns that differ in one place both occur.
    private static readonly Gen<long> Amount = Gen.OneOf(Gen.Const(0L), Gen.Long[-3, 3]);

    private static readonly Gen<LedgerEntryRow> Row = Gen.Select(Amount.Array[7], Gen.Int[0, 3], (a, group) => new LedgerEntryRow
    {
        SettlementId = $"S{group}",
        HospitalId = "H",
        MemberId = "M",
        KeyId = "k",
        BasicInsurance = a[0],
        SeriousIllnessInsurance = a[1],
        SupplementaryInsurance = a[2],
        MedicalAssistance = a[3],
        SpecialReliefTopUp = a[4],
        SpecialReliefHighCost = a[5],
        PatientPays = a[6],
    });

    [Fact]
    public void RowMarkers_Expanded_AnswerAsInMemory() => Row.List[1, 20].Sample(rows =>
    {
        var query = rows.AsQueryable();
        Assert.Equal(rows.Select(r => r.Net()), query.SelectAmounts(r => r.Net()));
        Assert.Equal(rows.Select(r => r.FundTotal()), query.SelectAmounts(r => r.FundTotal()));
        Assert.Equal(rows.Select(r => r.Net() - r.PatientPays), query.SelectAmounts(r => r.FundTotal()));
        Assert.Equal(rows.Where(r => r.AnyAmount(a => a < 0)), query.WhereAmounts(r => r.AnyAmount(a => a < 0)));
        Assert.Equal(rows.Where(r => r.SameAmounts(rows[0])), query.WhereAmounts(r => r.SameAmounts(rows[0])));
    });

    [Fact]
    public void GroupMarker_Expanded_AnswersAsInMemory() => Row.List[1, 30].Sample(rows =>
    {
        var expected = rows.GroupBy(r => r.SettlementId).Where(g => g.AnyAmountSum(a => a != 0)).Select(g => g.Key).Order();
        var actual = rows.AsQueryable().GroupBy(r => r.SettlementId).WhereAmounts(g => g.AnyAmountSum(a => a != 0)).Select(g => g.Key).Order();
        Assert.Equal(expected, actual);
    });

    [Fact]
    public void Markers_InMemory_CoverEveryColumn()
    {
        // One fen in each column in turn: the net and the any-test see it; the fund total sees every column but the patient's.
        for (var column = 0; column < 7; column++)
        {
            var amounts = new long[7];
            amounts[column] = 1;
            var row = new LedgerEntryRow
            {
                SettlementId = "S", HospitalId = "H", MemberId = "M", KeyId = "k",
                BasicInsurance = amounts[0], SeriousIllnessInsurance = amounts[1], SupplementaryInsurance = amounts[2], MedicalAssistance = amounts[3],
                SpecialReliefTopUp = amounts[4], SpecialReliefHighCost = amounts[5], PatientPays = amounts[6],
            };
            Assert.Equal(1, row.Net());
            Assert.Equal(column < 6 ? 1 : 0, row.FundTotal());
            Assert.True(row.AnyAmount(a => a != 0));
            Assert.False(row.SameAmounts(new LedgerEntryRow { SettlementId = "S", HospitalId = "H", MemberId = "M", KeyId = "k" }));
        }
    }
}
