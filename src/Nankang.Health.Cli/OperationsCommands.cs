using Microsoft.Extensions.Configuration;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Operations;
using Nankang.Health.Persistence;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Cli;

/// <summary><c>nankang verify</c> and <c>nankang backup</c>: what an operator runs after a restore and before one.</summary>
public static class OperationsCommands
{
    /// <summary>Runs <see cref="VerifyDatabase"/> and prints its report: exit 0 when every check passed, 1 when one failed, 2 for bad options.</summary>
    public static async Task<int> VerifyAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. args.Skip(1)]).Build();
        if (configuration[PersonalDataKeys.Current] is not { Length: > 0 } current)
        {
            errors.WriteLine($"{PersonalDataKeys.Current} is required: the service's personal data key (Security__PersonalDataKey), to check every member's data decrypts.");
            return 2;
        }

        PersonalDataProtector protector;
        StoreFactory stores;
        try
        {
            protector = new PersonalDataProtector(
                PersonalDataKeys.Parse(current, PersonalDataKeys.Current),
                PersonalDataKeys.ParseAll(configuration.GetSection(PersonalDataKeys.Previous).GetChildren().Select(c => (c.Path, c.Value))));
            stores = StoreFactory.From(configuration);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            errors.WriteLine(e.Message);
            return 2;
        }

        await using var db = stores.Open();
        var report = await new VerifyDatabase(db, new AppendOnlyTriggers(db), protector, PolicySet.Default).RunAsync(ct);
        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
        }

        return report.Passed ? 0 : 1;
    }

    /// <summary><c>nankang backup --to FILE</c>: an online copy of a SQLite database (<see cref="OnlineBackup"/>).</summary>
    public static async Task<int> BackupAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var i = Array.IndexOf(args, "--to");
        var to = i > 0 && i + 1 < args.Length ? args[i + 1] : null;
        if (to is null)
        {
            errors.WriteLine("--to FILE is required: where the copy is written (a new file).");
            return 2;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. args.Skip(1).Where((_, j) => j != i - 1 && j != i)]).Build();
        try
        {
            await using var db = StoreFactory.From(configuration).Open();
            await OnlineBackup.SqliteAsync(db, to, ct);
        }
        catch (Exception e) when (e is NotSupportedException or IOException or ArgumentException)
        {
            errors.WriteLine(e.Message);
            return 1;
        }

        output.WriteLine($"backed up to {to} ({new FileInfo(to).Length:N0} bytes); check it with nankang verify --ConnectionStrings:Health \"Data Source={to}\"");
        return 0;
    }
}
