using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Operations;

namespace Nankang.Health.Persistence;

/// <summary>
/// The append-only triggers the migrations create (each provider's <c>Initial</c> and <c>AntiPovertyInsurance</c>), looked up in the
/// database's own catalogue: SQLite's <c>sqlite_master</c>, PostgreSQL's <c>pg_trigger</c> (enabled ones only),
/// SQL Server's <c>sys.triggers</c> (enabled ones only).
/// </summary>
public sealed class AppendOnlyTriggers(HealthDbContext db) : IAppendOnlyTriggers
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    public static readonly string[] Tables = ["settlements", "ledger_entries", "voids", "audit_log", "allowance_entries", "statement_lines", "policies", "anti_poverty_reviews"];

    /// <summary>The trigger names the provider's migrations give: SQLite one per table and statement, the others one per table.</summary>
    public IReadOnlyList<string> Expected() => db.Database.ProviderName == Sqlite
        ? [.. Tables.SelectMany(t => new[] { $"{t}_no_update", $"{t}_no_delete" })]
        : [.. Tables.Select(t => $"{t}_append_only")];

    public async Task<(int Expected, IReadOnlyList<string> Missing)> MissingAsync(CancellationToken ct)
    {
        var expected = Expected();
        var sql = db.Database.ProviderName switch
        {
            Sqlite => "SELECT name FROM sqlite_master WHERE type = 'trigger'",
            "Npgsql.EntityFrameworkCore.PostgreSQL" => "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'",
            "Microsoft.EntityFrameworkCore.SqlServer" => "SELECT name FROM sys.triggers WHERE is_disabled = 0",
            var other => throw new NotSupportedException($"No trigger catalogue for {other}."),
        };
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                present.Add(reader.GetString(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return (expected.Count, [.. expected.Where(name => !present.Contains(name))]);
    }
}
