using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Operations;
using Nankang.Health.Cli;
using Nankang.Health.Persistence;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// <c>nankang verify</c> on a database with settlements, a void with its adjustments, a closed month and a later
/// settlement: it passes, then fails naming what was tampered with — a stored amount changed past the append-only
/// triggers (as an attacker with the file or a superuser would), a member-year's accumulators, a dropped trigger, a closed
/// statement's frozen line, and a personal data key that is not the service's.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VerifyDatabaseTests
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Verify_IntactDatabase_Passes_AndEachTamperingFailsNamingIt(Provider provider)
    {
        await using var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-10T02:00:00Z", CultureInfo.InvariantCulture));
        var first = await host.CreateMember();
        var second = await host.CreateMember(poor: false);
        var voided = (await host.Settle("H-NK-L2", first, 12000m))["settlementId"]!.GetValue<string>();
        var adjusted = (await host.Settle("H-NK-L3", first, 30000m, outOfScope: 500m))["settlementId"]!.GetValue<string>();
        var other = (await host.Settle("H-NK-L2", second, 8000m))["settlementId"]!.GetValue<string>();
        await host.Void("H-NK-L2", voided);
        host.At("2020-06-02T02:00:00Z");
        using (var bureau = host.Bureau())
        {
            var (closed, _, raw) = await bureau.Post("/api/v1/statements/2020-05/close", null);
            Assert.True(closed == System.Net.HttpStatusCode.OK, raw);
        }

        await host.Settle("H-NK-L2", second, 5000m, dischargedOn: "2020-06-01");
        var connection = await host.Db(db => Task.FromResult(db.Database.GetConnectionString()!));

        // Directly, through the use case: every check looked at something and passed.
        var report = await host.Db(db => new VerifyDatabase(db, new AppendOnlyTriggers(db), Protector(), PolicySet.Default).RunAsync(CancellationToken.None));
        Assert.True(report.Passed, string.Join('\n', report.Lines()));
        Assert.Equal(["conservation", "ledger", "accumulators", "statements", "append-only triggers", "personal data"], report.Checks.Select(c => c.Name));
        Assert.All(report.Checks, c => Assert.True(c.Checked > 0, $"{c.Name} checked nothing"));
        Assert.Equal(4, report.Checks[0].Checked);
        Assert.Equal(provider == Provider.Sqlite ? 16 : 8, report.Checks[4].Checked);

        var (code, text) = await Verify(provider, connection);
        Assert.True(code == 0, text);
        Assert.Contains("verify: passed", text, StringComparison.Ordinal);

        // Each tampering below is undone before its report is checked; verify passes again after each.
        async Task<string> WhileTampered(string table, string tamper, string undo)
        {
            await Bypassing(host, provider, table, tamper);
            var (failedCode, failed) = await Verify(provider, connection);
            await Bypassing(host, provider, table, undo);
            Assert.True(failedCode == 1, failed);
            Assert.Equal(0, (await Verify(provider, connection)).Code);
            return failed;
        }

        // A stored amount, changed past the triggers: the settlement no longer conserves, and its ledger entry disagrees.
        text = await WhileTampered("settlements", $"UPDATE settlements SET \"BasicInsurance\" = \"BasicInsurance\" + 100 WHERE \"Id\" = '{other}'", $"UPDATE settlements SET \"BasicInsurance\" = \"BasicInsurance\" - 100 WHERE \"Id\" = '{other}'");
        Assert.Contains("FAIL conservation: 4 checked, 1 failed", text, StringComparison.Ordinal);
        Assert.Contains($"settlement {other}: total cost is not the sum", text, StringComparison.Ordinal);
        Assert.Contains("FAIL ledger", text, StringComparison.Ordinal);
        Assert.Contains("ok   append-only triggers", text, StringComparison.Ordinal);
        Assert.Contains("verify: FAILED", text, StringComparison.Ordinal);

        // A ledger entry moved from one fund to another (still conserving): the accumulators no longer equal the ledger.
        text = await WhileTampered("ledger_entries",
            $"UPDATE ledger_entries SET \"BasicInsurance\" = \"BasicInsurance\" - 1, \"PatientPays\" = \"PatientPays\" + 1 WHERE \"SettlementId\" = '{adjusted}' AND \"Kind\" = 'Adjustment'",
            $"UPDATE ledger_entries SET \"BasicInsurance\" = \"BasicInsurance\" + 1, \"PatientPays\" = \"PatientPays\" - 1 WHERE \"SettlementId\" = '{adjusted}' AND \"Kind\" = 'Adjustment'");
        Assert.Contains($"member {first} year 2020: basic paid differ from the ledger", text, StringComparison.Ordinal);
        Assert.Contains("FAIL statements", text, StringComparison.Ordinal);

        // A voided settlement's reversal moved 1 fen from a fund to the patient: it still reverses the total, not every line.
        text = await WhileTampered("ledger_entries",
            $"UPDATE ledger_entries SET \"BasicInsurance\" = \"BasicInsurance\" + 1, \"PatientPays\" = \"PatientPays\" - 1 WHERE \"SettlementId\" = '{voided}' AND \"Kind\" = 'Reversal'",
            $"UPDATE ledger_entries SET \"BasicInsurance\" = \"BasicInsurance\" - 1, \"PatientPays\" = \"PatientPays\" + 1 WHERE \"SettlementId\" = '{voided}' AND \"Kind\" = 'Reversal'");
        Assert.Contains($"settlement {voided}: voided, but its entries do not net to zero on every line", text, StringComparison.Ordinal);
        Assert.DoesNotContain("does not reverse the settlement's total cost", text, StringComparison.Ordinal);

        // The same reversal short by 1 fen in all: it no longer reverses the settlement's total cost.
        text = await WhileTampered("ledger_entries",
            $"UPDATE ledger_entries SET \"PatientPays\" = \"PatientPays\" + 1 WHERE \"SettlementId\" = '{voided}' AND \"Kind\" = 'Reversal'",
            $"UPDATE ledger_entries SET \"PatientPays\" = \"PatientPays\" - 1 WHERE \"SettlementId\" = '{voided}' AND \"Kind\" = 'Reversal'");
        Assert.Contains($"(Reversal) of settlement {voided}: does not reverse the settlement's total cost", text, StringComparison.Ordinal);

        // A closed month's frozen statement changed.
        text = await WhileTampered("statement_lines",
            "UPDATE statement_lines SET \"SettlementAmount\" = \"SettlementAmount\" + 1 WHERE \"Month\" = '2020-05' AND \"Payee\" = 'H-NK-L3' AND \"Line\" = 'basicInsurance'",
            "UPDATE statement_lines SET \"SettlementAmount\" = \"SettlementAmount\" - 1 WHERE \"Month\" = '2020-05' AND \"Payee\" = 'H-NK-L3' AND \"Line\" = 'basicInsurance'");
        Assert.Contains("FAIL statements: 1 checked, 1 failed", text, StringComparison.Ordinal);
        Assert.Contains("month 2020-05: the stored statement differs from the ledger (H-NK-L3/basicInsurance)", text, StringComparison.Ordinal);

        // A trigger dropped.
        var trigger = provider == Provider.Sqlite ? "ledger_entries_no_delete" : "ledger_entries_append_only";
        var definition = await TriggerDefinition(host, provider, trigger);
        await Execute(host, provider == Provider.Sqlite ? $"DROP TRIGGER {trigger}" : $"DROP TRIGGER {trigger} ON ledger_entries");
        (code, text) = await Verify(provider, connection);
        Assert.Equal(1, code);
        Assert.Contains($"trigger {trigger} is missing", text, StringComparison.Ordinal);
        await Execute(host, definition);
        Assert.Equal(0, (await Verify(provider, connection)).Code);

        // Another personal data key than the service's: no member's data can be read.
        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("not-the-service-key"u8));
        (code, text) = await Verify(provider, connection, wrongKey);
        Assert.Equal(1, code);
        Assert.Contains("FAIL personal data: 2 checked, 2 failed", text, StringComparison.Ordinal);
        Assert.Contains($"member {first}: A personal data value is under key", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestIds.NationalIdOf(first)!, text, StringComparison.Ordinal);

        // The key of an earlier rotation given as previous: readable again.
        (code, text) = await Verify(provider, connection, wrongKey, ApiFactory.PersonalDataKey);
        Assert.True(code == 0, text);
    }

    [Fact]
    public async Task Verify_WithoutKeyOrConnection_ExitsTwoNamingTheSetting()
    {
        var errors = new StringWriter();
        Assert.Equal(2, await Commands.RunAsync(["verify", "--ConnectionStrings:Health", "Data Source=x.db"], TextWriter.Null, errors));
        Assert.Contains("Security:PersonalDataKey is required", errors.ToString(), StringComparison.Ordinal);
        errors = new StringWriter();
        Assert.Equal(2, await Commands.RunAsync(["verify", "--Security:PersonalDataKey", ApiFactory.PersonalDataKey], TextWriter.Null, errors));
        Assert.Contains("ConnectionStrings:Health is required", errors.ToString(), StringComparison.Ordinal);
    }

    private static PersonalDataProtector Protector() => new(Convert.FromBase64String(ApiFactory.PersonalDataKey));

    internal static async Task<(int Code, string Text)> Verify(Provider provider, string connection, string? key = null, string? previousKey = null)
    {
        var output = new StringWriter();
        string[] previous = previousKey is null ? [] : ["--Security:PreviousPersonalDataKeys:0", previousKey];
        var code = await Commands.RunAsync(
            ["verify", "--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", connection, "--Security:PersonalDataKey", key ?? ApiFactory.PersonalDataKey, .. previous],
            output, output);
        return (code, output.ToString());
    }

    private static Task Execute(BureauHost host, string sql) => host.Db(db => db.Database.ExecuteSqlRawAsync(sql));

    /// <summary>
    /// Runs <paramref name="update"/> on an append-only table past its triggers: SQLite drops them and puts them back in
    /// one transaction (anyone with the file can), PostgreSQL runs it as a superuser with triggers off for the session.
    /// </summary>
    private static async Task Bypassing(BureauHost host, Provider provider, string table, string update)
    {
        if (provider == Provider.Sqlite)
        {
            var triggers = new[] { $"{table}_no_update", $"{table}_no_delete" };
            var definitions = new List<string>();
            foreach (var trigger in triggers)
            {
                definitions.Add(await TriggerDefinition(host, provider, trigger));
            }

            await Execute(host, $"BEGIN; {string.Join(' ', triggers.Select(t => $"DROP TRIGGER {t};"))} {update}; {string.Join(' ', definitions.Select(d => d + ";"))} COMMIT;");
        }
        else
        {
            await Execute(host, $"SET session_replication_role = replica; {update}; SET session_replication_role = DEFAULT;");
        }
    }

    private static Task<string> TriggerDefinition(BureauHost host, Provider provider, string trigger) => host.Db(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = provider == Provider.Sqlite
            ? $"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '{trigger}'"
            : $"SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = '{trigger}'";
        return (string)(await command.ExecuteScalarAsync())!;
    });
}
