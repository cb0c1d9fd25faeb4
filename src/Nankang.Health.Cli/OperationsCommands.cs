using Microsoft.Extensions.Configuration;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Operations;
using Nankang.Health.Persistence;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Cli;

/// <summary><c>nankang verify</c> and <c>nankang backup</c>: what an operator runs after a restore and before one.</summary>
public static class OperationsCommands
{
    /// <summary>Runs <see cref="VerifyDatabase"/> and prints its report: exit 0 when every check passed, 1 when one failed.</summary>
    public static async Task<int> VerifyAsync(IConfiguration configuration, TextWriter output, CancellationToken ct)
    {
        var protector = Commands.Protector(configuration, "the service's personal data key, to check every member's data decrypts");
        await using var db = StoreFactory.From(configuration).Open();
        var report = await new VerifyDatabase(db, new AppendOnlyTriggers(db), protector, PolicySet.Default).RunAsync(ct);
        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
        }

        return report.Passed ? 0 : 1;
    }

    /// <summary><c>nankang backup --to FILE</c>: an online copy of a SQLite database (<see cref="OnlineBackup"/>).</summary>
    public static async Task<int> BackupAsync(string to, IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        try
        {
            await using var db = StoreFactory.From(configuration).Open();
            await OnlineBackup.SqliteAsync(db, to, ct);
        }
        catch (Exception e) when (e is NotSupportedException or IOException or ArgumentException)
        {
            errors.WriteLine($"nankang: {Commands.OneLine(e.Message)}");
            return 1;
        }

        output.WriteLine($"backed up to {to} ({new FileInfo(to).Length:N0} bytes); check it with nankang verify --ConnectionStrings:Health \"Data Source={to}\"");
        return 0;
    }
}
