using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Members;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Users;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Cli;

/// <summary>
/// The bureau's batch tools. <c>resettle</c>: re-settle a year from the database and show the budget impact. <c>rekey</c>:
/// re-encrypt the members' personal data under the current key, the second half of a key rotation.
/// </summary>
public static class Commands
{
    public const string Usage = """
        nankang resettle --year YYYY [--policy file.json] [--write]
                         [--Database:Provider Sqlite|PostgreSql|SqlServer] [--ConnectionStrings:Health "..."]

          Re-settles every active settlement of the year in member-year booking order (streaming) and prints per-fund totals
          as booked and as re-settled with the difference. --policy settles every claim under that policy instead of the
          one it was booked under (a what-if); --write stores the differences as adjustment ledger entries, updates the
          accumulators and records the policy each member-year now stands under (a later void re-settles under it), storing
          the what-if's text under its version; without it nothing is written. A written what-if needs a version of its
          own: not a built-in one, nor one written before with another text. The database options are the API's configuration keys, also read
          from the environment (Database__Provider, ConnectionStrings__Health).

        nankang rekey [--batch N] [--Database:Provider ...] [--ConnectionStrings:Health "..."]

          Re-encrypts every member's national ID and name under the current personal data key and recomputes the lookup
          hash, in batches (default 1,000) of their own transactions, while the service runs. The keys are the API's:
          Security__PersonalDataKey (the new key) and Security__PreviousPersonalDataKeys__0, __1, ... (the old ones), best
          given in the environment, not on the command line. Run it once every server runs with the new key as the current
          one and the old one as previous; when it reports 0 remaining, the old key can be removed. Exit code 1 while
          members remain under another key (a server still writing with the old one).

        nankang users add --name NAME --display-name "张三" --role Bureau|Hospital [--hospital HOSPITAL_ID] [--administrator]
                          [--Database:Provider ...] [--ConnectionStrings:Health "..."]

          Creates an account of the console. The first password is read from standard input (one line), never from the
          command line; it must be changed at the first sign-in. Audited as user.add under key id cli:users. The first
          bureau administrator is created this way; later accounts by an administrator on the console's 用户 page.

        nankang verify [--Database:Provider ...] [--ConnectionStrings:Health "..."]

          Checks a database, reading only: every settlement conserves its total cost and agrees with its ledger entries,
          accumulators equal the ledger, every closed month's statement equals a recomputation, the append-only triggers are
          present, every member's personal data decrypts under Security__PersonalDataKey (and __PreviousPersonalDataKeys__N).
          Prints one line per check and the ids that failed; exit code 0 when all pass, 1 when one fails.

        nankang backup --to FILE [--ConnectionStrings:Health "Data Source=..."]

          An online copy of a SQLite database (VACUUM INTO) while the service runs; never overwrites FILE. PostgreSQL: pg_dump
          (docs/operations.md).
        """;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        switch (args.FirstOrDefault())
        {
            case "resettle":
                return ResettleAsync(args, output, errors, ct);
            case "rekey":
                return RekeyAsync(args, output, errors, ct);
            case "verify":
                return OperationsCommands.VerifyAsync(args, output, errors, ct);
            case "backup":
                return OperationsCommands.BackupAsync(args, output, errors, ct);
            case "users" when args.Length > 1 && args[1] == "add":
                return AddUserAsync(args, Console.In, output, errors, ct);
            default:
                errors.WriteLine(Usage);
                return Task.FromResult(args.Length > 0 && args[0] is "help" or "--help" ? 0 : 2);
        }
    }

    private static async Task<int> RekeyAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var batch = 1_000;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--batch" && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out batch) && batch > 0)
            {
                i++;
            }
            else if (args[i] == "--batch")
            {
                errors.WriteLine("--batch needs a positive number.");
                return 2;
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. rest]).Build();
        if (configuration[PersonalDataKeys.Current] is not { Length: > 0 } current)
        {
            errors.WriteLine($"{PersonalDataKeys.Current} is required: the key every member is to be re-encrypted under (Security__PersonalDataKey).");
            return 2;
        }

        PersonalDataProtector protector;
        try
        {
            protector = new PersonalDataProtector(
                PersonalDataKeys.Parse(current, PersonalDataKeys.Current),
                PersonalDataKeys.ParseAll(configuration.GetSection(PersonalDataKeys.Previous).GetChildren().Select(c => (c.Path, c.Value))));
        }
        catch (InvalidOperationException e)
        {
            errors.WriteLine(e.Message);
            return 2;
        }

        var stores = StoreFactory.From(configuration);
        var rekey = new RekeyPersonalData(stores.Open, protector, TimeProvider.System);
        var started = Stopwatch.GetTimestamp();
        RekeyTotals totals;
        try
        {
            using var bar = new ProgressBar(errors, "rekey", await rekey.CountDueAsync(ct));
            totals = await rekey.RunAsync(batch, bar.Add, ct);
        }
        catch (CryptographicException e)
        {
            errors.WriteLine($"{e.Message} Nothing after the last completed batch was changed; add the missing key and run again.");
            return 1;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-keyed {totals.Rekeyed:N0} members to key {protector.CurrentKeyId} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; changed meanwhile by another writer (left as written): {totals.ChangedMeanwhile:N0}; remaining under another key: {totals.Remaining:N0}"));
        if (totals.Remaining > 0)
        {
            errors.WriteLine("Members remain under another key: a server still writes with it. Give every server the new key, then run again.");
            return 1;
        }

        return 0;
    }

    /// <summary><c>nankang users add</c>: the same use case as the console's users page, the password from standard input.</summary>
    public static async Task<int> AddUserAsync(string[] args, TextReader input, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        string? name = null, displayName = null, hospital = null;
        CallerRole? role = null;
        var administrator = false;
        var rest = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--name": name = value; i++; break;
                case "--display-name": displayName = value; i++; break;
                case "--hospital": hospital = value; i++; break;
                case "--role" when Enum.TryParse<CallerRole>(value, ignoreCase: true, out var parsed): role = parsed; i++; break;
                case "--role":
                    errors.WriteLine("--role must be Bureau or Hospital.");
                    return 2;
                case "--administrator": administrator = true; break;
                default: rest.Add(args[i]); break;
            }
        }

        var password = (await input.ReadLineAsync(ct))?.TrimEnd('\r');
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. rest]).Build();
        await using var store = StoreFactory.From(configuration).Open();
        var result = await new AddUserHandler(store, TimeProvider.System).Handle(
            new AddUser(new Caller("cli:users", CallerRole.Bureau, null), new UserBody(name, displayName, role, hospital, administrator, password)), ct);
        if (result.Problem is { } problem)
        {
            errors.WriteLine($"{problem.Title} {problem.Detail}");
            foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
            {
                errors.WriteLine($"  {field}: {string.Join(" ", messages)}");
            }

            return 1;
        }

        output.WriteLine($"added {result.Value!.UserName} ({result.Value.Role}{(result.Value.HospitalId is { } h ? " " + h : string.Empty)}); the first password must be changed at the first sign-in");
        return 0;
    }

    private static async Task<int> ResettleAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        int? year = null;
        string? policyFile = null;
        var write = false;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--year" when i + 1 < args.Length:
                    year = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--policy" when i + 1 < args.Length:
                    policyFile = args[++i];
                    break;
                case "--write":
                    write = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (year is null)
        {
            errors.WriteLine("--year is required.");
            errors.WriteLine(Usage);
            return 2;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. rest]).Build();
        var stores = StoreFactory.From(configuration);
        var whatIf = policyFile is null ? null : WhatIfPolicy.Parse(await File.ReadAllTextAsync(policyFile, ct), policyFile);
        var started = Stopwatch.GetTimestamp();
        int total;
        await using (var db = stores.Open())
        {
            total = await db.Settlements.CountAsync(s => s.Year == year, ct);
        }

        var resettle = new ResettleYear(stores.Open, PolicySet.Default, whatIf, TimeProvider.System);
        ResettlementTotals totals;
        try
        {
            using var bar = new ProgressBar(errors, "resettle", total);
            totals = await resettle.RunAsync(year.Value, write, bar.Add, ct);
        }
        catch (PolicyException e)
        {
            errors.WriteLine(e.Message);
            return 1;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Print(output, year.Value, whatIf?.Version, totals);
        using var process = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{totals.Claims:N0} claims of {totals.MemberYears:N0} member-years in {seconds:F1} s ({totals.Claims / Math.Max(seconds, 0.001):N0} claims/s); {totals.ChangedClaims:N0} claims change; peak working set {process.PeakWorkingSet64 / 1048576.0:N0} MB"));
        output.WriteLine(write
            ? $"written: {totals.AdjustmentsWritten:N0} adjustment entries; member-years changed since read and left for a re-run: {totals.MemberYearsSkipped}"
            : "nothing written (dry run; --write stores the differences as adjustments)");
        return 0;
    }

    private static void Print(TextWriter output, int year, string? whatIf, ResettlementTotals t)
    {
        output.WriteLine($"year {year}, re-settled under {(whatIf is null ? "the policy each claim was booked under" : whatIf)}");
        output.WriteLine($"{"fund",-36} {"as booked",18} {"re-settled",18} {"difference",18}");
        foreach (var fund in Funds.All)
        {
            output.WriteLine($"{fund.Key(),-36} {Yuan(t.Booked.Payments[fund]),18} {Yuan(t.Resettled.Payments[fund]),18} {Yuan(t.Difference.Payments[fund]),18}");
        }

        output.WriteLine($"{"funds total",-36} {Yuan(t.Booked.Payments.Total),18} {Yuan(t.Resettled.Payments.Total),18} {Yuan(t.Difference.Payments.Total),18}");
        output.WriteLine($"{"patientPays",-36} {Yuan(t.Booked.PatientPays),18} {Yuan(t.Resettled.PatientPays),18} {Yuan(t.Difference.PatientPays),18}");
    }

    private static string Yuan(Money m) => m.ToDecimal().ToString("N2", CultureInfo.InvariantCulture);
}
