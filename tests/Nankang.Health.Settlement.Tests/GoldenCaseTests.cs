namespace Nankang.Health.Settlement.Tests;

public sealed class GoldenCaseTests
{
    [Theory]
    [MemberData(nameof(GoldenCases.CaseIds), MemberType = typeof(GoldenCases))]
    public void GoldenCase_SettledInBookingOrder_MatchesToTheFen(string caseId)
    {
        var golden = GoldenCases.Cases.Single(c => c.Id == caseId);
        var accByYear = new Dictionary<int, Accumulators>();
        foreach (var (claim, entry) in golden.Entries())
        {
            var acc = accByYear.GetValueOrDefault(entry.Claim.Year);
            var result = SettlementEngine.Settle(entry.Claim, entry.Policy, acc);
            accByYear[entry.Claim.Year] = result.After;

            Assert.Equal(claim.ExpectedSplit, result.Split);
            Assert.Equal(claim.ExpectedPayments, result.Payments);
            Assert.Equal(claim.ExpectedPatientPays, result.PatientPays);
            Assert.Equal(result.Split.TotalCost, result.Payments.Total + result.PatientPays);
        }
    }

    [Fact]
    public void GoldenFile_HasEveryCaseOfTheDistrict()
    {
        Assert.Equal(20, GoldenCases.Cases.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"G{i:00}"), GoldenCases.Cases.Select(c => c.Id));
    }
}
