using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
/// re-encrypt the members' personal data under the current key, the second half of a key rotation. <c>users add</c>: an
/// account of the console; <c>users unlock|reset-password|disable|enable</c>: the administrator's actions on one. <c>verify</c> and <c>backup</c>: the operator's checks and copies (<see cref="OperationsCommands"/>). Arguments are parsed by System.CommandLine: an unknown option, a bad value or a missing required
/// one, and a configuration error (no connection string, an unknown provider, a database or policy file that does not
/// exist) print one line on stderr and exit 2; <c>--help</c> prints the usage and exits 0.
/// </summary>
public static class Commands
{
    private const string DatabaseHelp =
        "The database options are the API's configuration keys, also read from the environment (Database__Provider, ConnectionStrings__Health).";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken ct = default) =>
        RunAsync(args, Console.In, output, errors, ct);

    /// <summary><c>nankang users add ...</c> with the password read from <paramref name="input"/>.</summary>
    public static Task<int> AddUserAsync(string[] args, TextReader input, TextWriter output, TextWriter errors, CancellationToken ct) =>
        RunAsync(args, input, output, errors, ct);

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        var root = Root(input, output, errors);

        // No response files: an argument starting with '@' (a display name, a password-less connection string) is a value.
        var parsed = root.Parse(args is ["help"] ? ["--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            errors.WriteLine($"nankang: {string.Join(" ", parsed.Errors.Select(e => e.Message).Distinct())} (nankang --help shows the usage)");
            return 2;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (UsageException e)
        {
            errors.WriteLine($"nankang: {e.Message}");
            return 2;
        }
        catch (Exception e) when (DatabaseError(e) is { } db)
        {
            // Unreachable, refusing the sign-in, or failing a statement: the driver's message, on one line.
            errors.WriteLine($"nankang: the database failed: {OneLine(db.Message)}");
            return 1;
        }
    }

    /// <summary>The command tree; the actions write to <paramref name="output"/> and <paramref name="errors"/>.</summary>
    private static RootCommand Root(TextReader input, TextWriter output, TextWriter errors)
    {
        var root = new RootCommand("Nankang.Health batch tools: resettle, rekey, users (add, unlock, reset-password, disable, enable), verify, backup.");

        var year = new Option<int>("--year")
        {
            Description = "The year to re-settle (YYYY).",
            Required = true,
            CustomParser = r => int.TryParse(r.Tokens.Single().Value, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100
                ? y
                : Error<int>(r, $"--year must be a year such as 2020, not '{r.Tokens.Single().Value}'."),
        };
        var policy = new Option<string?>("--policy") { Description = "A policy file (JSON): settle every claim under it instead of the one it was booked under (a what-if)." };
        var write = new Option<bool>("--write") { Description = "Store the differences as adjustment ledger entries; without it nothing is written." };
        var resettleDb = new DatabaseOptions();
        var resettle = new Command("resettle", """
            Re-settles every active settlement of the year in member-year booking order (streaming) and prints per-fund totals
            as booked and as re-settled with the difference. --policy settles every claim under that policy instead of the one
            it was booked under (a what-if); --write stores the differences as adjustment ledger entries, updates the
            accumulators and records the policy each member-year now stands under (a later void re-settles under it), storing
            the what-if's text under its version; without it nothing is written. A written what-if needs a version of its own:
            not a built-in one, nor one written before with another text.
            """.ReplaceLineEndings(" ") + " " + DatabaseHelp) { year, policy, write };
        resettleDb.AddTo(resettle);
        resettle.SetAction((r, ct) => ResettleAsync(r.GetValue(year), r.GetValue(policy), r.GetValue(write), resettleDb.Configuration(r), output, errors, ct));

        var batch = new Option<int>("--batch") { Description = "Members per transaction (default 1,000).", DefaultValueFactory = _ => 1_000 };
        batch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0)
            {
                r.AddError("--batch needs a positive number.");
            }
        });
        var rekeyDb = new DatabaseOptions(withKeys: true);
        var rekey = new Command("rekey", """
            Re-encrypts every member's national ID and name under the current personal data key and recomputes the lookup
            hash, in batches of their own transactions, while the service runs. The keys are the API's:
            Security__PersonalDataKey (the new key) and Security__PreviousPersonalDataKeys__0, __1, ... (the old ones), best
            given in the environment, not on the command line. Run it once every server runs with the new key as the current
            one and the old one as previous; when it reports 0 remaining, the old key can be removed. Exit code 1 while
            members remain under another key (a server still writing with the old one).
            """.ReplaceLineEndings(" ") + " " + DatabaseHelp) { batch };
        rekeyDb.AddTo(rekey);
        rekey.SetAction((r, ct) => RekeyAsync(r.GetValue(batch), rekeyDb.Configuration(r), output, errors, ct));

        var name = new Option<string?>("--name") { Description = "The sign-in name." };
        var displayName = new Option<string?>("--display-name") { Description = "The name the console shows (张三)." };
        var role = new Option<CallerRole?>("--role")
        {
            Description = "Bureau or Hospital.",
            CustomParser = r => Enum.TryParse<CallerRole>(r.Tokens.Single().Value, ignoreCase: true, out var parsed) && parsed is CallerRole.Bureau or CallerRole.Hospital
                ? parsed
                : Error<CallerRole?>(r, "--role must be Bureau or Hospital."),
        };
        var hospital = new Option<string?>("--hospital") { Description = "The hospital of a Hospital account." };
        var administrator = new Option<bool>("--administrator") { Description = "A bureau administrator (manages accounts)." };
        var usersDb = new DatabaseOptions();
        var add = new Command("add", """
            Creates an account of the console. The first password is read from standard input (one line), never from the
            command line; it must be changed at the first sign-in. Audited as user.add under key id cli:users. The first
            bureau administrator is created this way; later accounts by an administrator on the console's 用户 page.
            """.ReplaceLineEndings(" ") + " " + DatabaseHelp) { name, displayName, role, hospital, administrator };
        usersDb.AddTo(add);
        add.SetAction((r, ct) => AddUserAsync(
            new UserBody(r.GetValue(name), r.GetValue(displayName), r.GetValue(role), r.GetValue(hospital), r.GetValue(administrator), null),
            usersDb.Configuration(r), input, output, errors, ct));

        var verifyDb = new DatabaseOptions(withKeys: true);
        var verify = new Command("verify", """
            Checks a database, reading only: every settlement conserves its total cost and agrees with its ledger entries,
            accumulators equal the ledger, every closed month's statement equals a recomputation, the append-only triggers are
            present, every member's personal data decrypts under Security__PersonalDataKey (and __PreviousPersonalDataKeys__N).
            Prints one line per check and the ids that failed; exit code 0 when all pass, 1 when one fails.
            """.ReplaceLineEndings(" ") + " " + DatabaseHelp);
        verifyDb.AddTo(verify);
        verify.SetAction((r, ct) => OperationsCommands.VerifyAsync(verifyDb.Configuration(r), output, ct));

        var to = new Option<string>("--to") { Description = "The copy's file (a new file; never overwritten).", Required = true };
        var backupDb = new DatabaseOptions();
        var backup = new Command("backup", """
            An online copy of a SQLite database (VACUUM INTO) while the service runs; never overwrites the file. PostgreSQL:
            pg_dump (docs/operations.md).
            """.ReplaceLineEndings(" ") + " " + DatabaseHelp) { to };
        backupDb.AddTo(backup);
        backup.SetAction((r, ct) => OperationsCommands.BackupAsync(r.GetValue(to)!, backupDb.Configuration(r), output, errors, ct));

        root.Add(resettle);
        root.Add(rekey);
        var users = new Command("users", "Accounts of the bureau's console.") { add };
        foreach (var (command, action, help) in ManageCommands)
        {
            // Each its own options: an option belongs to one command.
            var target = new Option<string>("--name") { Description = "The account's sign-in name.", Required = true };
            var manageDb = new DatabaseOptions();
            var manage = new Command(command, help + " Audited under key id cli:users. " + DatabaseHelp) { target };
            manageDb.AddTo(manage);
            manage.SetAction((r, ct) => ManageUserAsync(r.GetValue(target)!, action, manageDb.Configuration(r), input, output, errors, ct));
            users.Add(manage);
        }

        root.Add(users);
        root.Add(verify);
        root.Add(backup);
        return root;
    }

    private static T Error<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    private static async Task<int> RekeyAsync(int batch, IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var protector = Protector(configuration, "the key every member is to be re-encrypted under");
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

    /// <summary>The personal data keys of the configuration; none, or one that is not a key, is a usage error.</summary>
    internal static PersonalDataProtector Protector(IConfiguration configuration, string purpose)
    {
        if (configuration[PersonalDataKeys.Current] is not { Length: > 0 } current)
        {
            throw new UsageException($"{PersonalDataKeys.Current} is required: {purpose} (Security__PersonalDataKey).");
        }

        try
        {
            return new PersonalDataProtector(
                PersonalDataKeys.Parse(current, PersonalDataKeys.Current),
                PersonalDataKeys.ParseAll(configuration.GetSection(PersonalDataKeys.Previous).GetChildren().Select(c => (c.Path, c.Value))));
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// <c>nankang users unlock|reset-password|disable|enable</c>: what an administrator does on the console's 用户 page, for an
    /// operator when no administrator can sign in (the only one locked out, or its password lost).
    /// </summary>
    private static readonly (string Command, UserAction Action, string Help)[] ManageCommands =
    [
        ("unlock", UserAction.Unlock, "Ends an account's lockout after too many failed sign-ins."),
        ("reset-password", UserAction.ResetPassword,
            "Sets a new password, read from standard input (one line), to be changed at the next sign-in; ends the lockout and every session of the account."),
        ("disable", UserAction.Disable, "No sign-in until enabled again; every session of the account ends."),
        ("enable", UserAction.Enable, "Lets a disabled account sign in again."),
    ];

    private static async Task<int> ManageUserAsync(
        string userName, UserAction action, IConfiguration configuration, TextReader input, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var stores = StoreFactory.From(configuration);
        var password = action == UserAction.ResetPassword ? (await input.ReadLineAsync(ct))?.TrimEnd('\r') : null;
        await using var store = stores.Open();
        var result = await new ManageUserHandler(store, TimeProvider.System).Handle(
            new ManageUser(new Caller("cli:users", CallerRole.Bureau, null), userName, action, password), ct);
        if (WriteProblem(result.Problem, errors))
        {
            return 1;
        }

        output.WriteLine($"{result.Value!.UserName}: {action switch
        {
            UserAction.Unlock => "unlocked",
            UserAction.ResetPassword => "password reset; it must be changed at the next sign-in, and every session has ended",
            UserAction.Disable => "disabled; every session has ended",
            _ => "enabled",
        }}");
        return 0;
    }

    /// <summary>A use case's problem on stderr, its field errors one per line; false when there is none.</summary>
    private static bool WriteProblem(Problem? problem, TextWriter errors)
    {
        if (problem is null)
        {
            return false;
        }

        errors.WriteLine($"{problem.Title} {problem.Detail}");
        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            errors.WriteLine($"  {field}: {string.Join(" ", messages)}");
        }

        return true;
    }

    /// <summary><c>nankang users add</c>: the same use case as the console's users page, the password from standard input.</summary>
    private static async Task<int> AddUserAsync(
        UserBody body, IConfiguration configuration, TextReader input, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var stores = StoreFactory.From(configuration);
        var password = (await input.ReadLineAsync(ct))?.TrimEnd('\r');
        await using var store = stores.Open();
        var result = await new AddUserHandler(store, TimeProvider.System).Handle(
            new AddUser(new Caller("cli:users", CallerRole.Bureau, null), body with { Password = password }), ct);
        if (WriteProblem(result.Problem, errors))
        {
            return 1;
        }

        output.WriteLine($"added {result.Value!.UserName} ({result.Value.Role}{(result.Value.HospitalId is { } h ? " " + h : string.Empty)}); the first password must be changed at the first sign-in");
        return 0;
    }

    private static async Task<int> ResettleAsync(
        int year, string? policyFile, bool write, IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var stores = StoreFactory.From(configuration);
        var whatIf = policyFile is null ? null : await ReadPolicyAsync(policyFile, ct);
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
            totals = await resettle.RunAsync(year, write, bar.Add, ct);
        }
        catch (PolicyException e)
        {
            errors.WriteLine(e.Message);
            return 1;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Print(output, year, whatIf?.Version, totals);
        using var process = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{totals.Claims:N0} claims of {totals.MemberYears:N0} member-years in {seconds:F1} s ({totals.Claims / Math.Max(seconds, 0.001):N0} claims/s); {totals.ChangedClaims:N0} claims change; peak working set {process.PeakWorkingSet64 / 1048576.0:N0} MB"));
        output.WriteLine(write
            ? $"written: {totals.AdjustmentsWritten:N0} adjustment entries; member-years changed since read and left for a re-run: {totals.MemberYearsSkipped}"
            : "nothing written (dry run; --write stores the differences as adjustments)");
        return 0;
    }

    /// <summary>The what-if policy of <c>--policy</c>; a file that is missing or is not a policy is a usage error.</summary>
    private static async Task<WhatIfPolicy> ReadPolicyAsync(string file, CancellationToken ct)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(file, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--policy {file}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : OneLine(e.Message))}.");
        }

        try
        {
            return WhatIfPolicy.Parse(json, file);
        }
        catch (Exception e) when (e is PolicyException or JsonException)
        {
            throw new UsageException($"--policy {file}: {OneLine(e.Message)}");
        }
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

    /// <summary>The driver's exception in <paramref name="e"/> or among its inner exceptions (EF wraps them in its retry strategy's).</summary>
    private static DbException? DatabaseError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException db)
            {
                return db;
            }
        }

        return null;
    }

    /// <summary>A message on one line (some drivers' messages span several).</summary>
    public static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// The API's database keys as options (<c>--Database:Provider</c>, <c>--ConnectionStrings:Health</c>; for rekey also the
    /// personal data keys), over the environment's.
    /// </summary>
    private sealed class DatabaseOptions
    {
        private readonly List<(Option<string?> Option, string Key)> _keys = [];

        public DatabaseOptions(bool withKeys = false)
        {
            Add("Database:Provider", "Sqlite (default), PostgreSql or SqlServer.");
            Add("ConnectionStrings:Health", "The connection string, e.g. \"Data Source=data/nankang-health.db\".");
            if (withKeys)
            {
                Add(PersonalDataKeys.Current, "The new key (base64); better Security__PersonalDataKey in the environment.");
                for (var i = 0; i < 10; i++)
                {
                    Add($"{PersonalDataKeys.Previous}:{i}", i == 0 ? "An old key (base64), :0 to :9; better in the environment." : null);
                }
            }
        }

        public void AddTo(Command command) => _keys.ForEach(k => command.Add(k.Option));

        public IConfiguration Configuration(ParseResult result) => new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(_keys.Select(k => KeyValuePair.Create(k.Key, result.GetValue(k.Option))).Where(k => k.Value is not null))
            .Build();

        private void Add(string key, string? description) =>
            _keys.Add((new Option<string?>($"--{key}") { Description = description, Hidden = description is null }, key));
    }
}

/// <summary>A usage or configuration error: printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
