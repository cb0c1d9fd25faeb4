using Microsoft.EntityFrameworkCore;

namespace Nankang.Health.Api.Tests;

/// <summary>The database itself refuses to change or delete ledger and audit rows, whatever code runs against it.</summary>
[Collection(ApiCollection.Name)]
public sealed class AppendOnlyLedgerTests(ApiFixture fixture)
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task UpdateOrDelete_OnLedgerAndAuditTables_RefusedByTheDatabase(Provider provider)
    {
        var api = await fixture.For(provider);
        var member = await api.CreateMember(ApiClient.Poor());
        using var hospital = api.Hospital("H-NK-L2");
        var settled = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member), TestIds.Unique("k"));
        var id = settled.Body!["settlementId"]!.GetValue<string>();
        await hospital.Post($"/api/v1/settlements/{id}/void", new { reason = "test" });

        string[] statements =
        [
            $"UPDATE settlements SET \"PatientPays\" = 0 WHERE \"Id\" = '{id}'",
            $"DELETE FROM settlements WHERE \"Id\" = '{id}'",
            $"UPDATE ledger_entries SET \"BasicInsurance\" = 0 WHERE \"SettlementId\" = '{id}'",
            $"DELETE FROM ledger_entries WHERE \"SettlementId\" = '{id}'",
            $"DELETE FROM voids WHERE \"SettlementId\" = '{id}'",
            "DELETE FROM audit_log",
        ];
        foreach (var sql in statements)
        {
            var refused = await api.WithDb(async db =>
            {
                try
                {
                    await db.Database.ExecuteSqlRawAsync(sql);
                    return false;
                }
                catch (Exception e) when (e.Message.Contains("append-only", StringComparison.Ordinal))
                {
                    return true;
                }
            });
            Assert.True(refused, $"the database accepted: {sql}");
        }

        var after = await hospital.Get($"/api/v1/settlements/{id}");
        Assert.Equal("Voided", after.Body!["status"]!.GetValue<string>());
    }
}
