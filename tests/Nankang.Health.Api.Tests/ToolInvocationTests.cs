using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Cli;
using Nankang.Health.LoadGen;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// Wrong invocations of the bureau's CLI (<c>nankang</c>) and of the load generator, through their real entry points (and
/// once each as a real process): each exits with its code and says what is wrong in one line on stderr, without a stack
/// trace, and creates no database file. The load generator also runs twice against one database.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ToolInvocationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nankang-tools-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Missing => Path.Combine(_dir, "missing.db");

    /// <summary>An empty file, which SQLite opens as an empty database: enough for the checks made before any query.</summary>
    private string Existing
    {
        get
        {
            var path = Path.Combine(_dir, "existing.db");
            File.WriteAllBytes(path, []);
            return path;
        }
    }

    public static TheoryData<string, int, string> CliCases() => new()
    {
        { "resettle --year 2020 --wirte {existing}", 2, "Unrecognized command or argument '--wirte'" },
        { "resettle --year abc {existing}", 2, "--year must be a year such as 2020, not 'abc'" },
        { "resettle --year 2020", 2, "ConnectionStrings:Health is required" },
        { "resettle --year 2020 --policy {dir}/no-such-policy.json {existing}", 2, "no-such-policy.json: no such file" },
        { "resettle --year 2020 --Database:Provider Oracle --ConnectionStrings:Health x", 2, "Database:Provider 'Oracle' is not one of Sqlite, PostgreSql, SqlServer" },
        { "resettle --year 2020 {missing}", 2, "missing.db does not exist" },
        { "resettle --year 2020 --Database:Provider PostgreSql --ConnectionStrings:Health garbage", 2, "ConnectionStrings:Health is not a PostgreSql connection string" },
        { "resettle --year 2020 --Database:Provider PostgreSql --ConnectionStrings:Health Host=127.0.0.1;Port=1;Username=x;Database=y", 1, "the database failed: Failed to connect to 127.0.0.1:1" },
        { "rekey --Security:PersonalDataKey {key} {missing}", 2, "missing.db does not exist" },
        { "users add --name a.b --role Bureau {missing}", 2, "missing.db does not exist" },
        { "resettle {existing}", 2, "Option '--year' is required" },
        { "resettle --year", 2, "--year" },
        { "", 2, "Required command was not provided" },
        { "settle --year 2020", 2, "Unrecognized command or argument 'settle'" },
        { "rekey --batch 0 {existing}", 2, "--batch needs a positive number" },
        { "rekey {existing}", 2, "Security:PersonalDataKey is required" },
        { "users add --role Clerk {existing}", 2, "--role must be Bureau or Hospital" },
    };

    [Theory]
    [MemberData(nameof(CliCases))]
    public async Task Cli_WrongInvocation_OneLineAndExitCode(string command, int code, string message)
    {
        var (exit, _, errors) = await Cli(Args(command));

        AssertOneLine(exit, errors, code, message);
        Assert.False(File.Exists(Missing), "a database file was created");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("resettle --help")]
    [InlineData("users add -h")]
    public async Task Cli_Help_PrintsUsageAndExitsZero(string command)
    {
        var (exit, output, errors) = await Cli(Args(command));

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, errors);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> LoadGenCases() => new()
    {
        { "replay --wirte", 2, "Unrecognized command or argument '--wirte'" },
        { "--clients abc", 2, "--clients must be a whole number, 1 or more, not 'abc'" },
        { "replay --rate fast", 2, "--rate must be a number, 0 or more, not 'fast'" },
        { "replay --url localhost:5080", 2, "--url must be an http:// or https:// address" },
        { "frob", 2, "Unrecognized command or argument 'frob'" },
        { "replay --url http://127.0.0.1:1", 2, "--key (or NANKANG_LOADGEN_KEY) is required" },
        { "replay --key k --url http://127.0.0.1:1 --residents 1000 --admissions 10", 2, "cannot reach the server at http://127.0.0.1:1/" },
        { "bulkload --residents 1000 --admissions 10", 2, "--connection is required for bulkload" },
        { "bulkload --provider Oracle --connection x", 2, "--provider must be Sqlite, PostgreSql or SqlServer, not 'Oracle'" },
        { "bulkload --connection \"Data Source={dir}/missing.db\" --residents 1000 --admissions 10", 2, "missing.db does not exist; --create makes a new one" },
        { "replay --url http://127.0.0.1:1 --url ftp://127.0.0.1:2", 2, "--url must be an http:// or https:// address, not 'ftp://127.0.0.1:2'" },
        { "resend --key k --url http://127.0.0.1:1", 2, "resend needs --ack-log FILE" },
        { "resend --key k --url http://127.0.0.1:1 --ack-log {dir}/missing.log --residents 1000 --admissions 10", 2, "missing.log does not exist" },
        { "resend --ack-log {dir}/missing.log", 2, "--key (or NANKANG_LOADGEN_KEY) is required" },
        { "replay --ack-log", 2, "--ack-log" },
    };

    [Theory]
    [MemberData(nameof(LoadGenCases))]
    public async Task LoadGen_WrongInvocation_OneLineAndExitCode(string command, int code, string message)
    {
        var (exit, _, errors) = await LoadGen(Args(command).Select(a => a.Trim('"')).ToArray());

        AssertOneLine(exit, errors, code, message);
        Assert.False(File.Exists(Missing), "a database file was created");
    }

    [Fact]
    public async Task LoadGen_Help_PrintsUsageAndExitsZero()
    {
        var (exit, output, errors) = await LoadGen(["--help"]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, errors);
        Assert.Contains("replay (default)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadGen_RefusedKey_OneLineAndExitCode2()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);

        var (exit, _, errors) = await LoadGen(["replay", "--key", "not-a-key", "--residents", "1000", "--admissions", "10"], api.Server.CreateHandler());

        AssertOneLine(exit, errors, 2, "the server refused the key (401 on PUT /api/v1/hospitals/");
    }

    [Fact]
    public async Task LoadGen_SecondRunAgainstTheSameDatabase_SettlesAndVerifies()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        string[] small = ["--key", ApiFactory.BureauKey, "--residents", "3000", "--admissions", "40", "--clients", "4"];

        // Another run id, then another seed: other member ids and other national IDs, and the same hospitals again.
        foreach (var run in new[] { new[] { "--seed", "31" }, ["--seed", "31", "--run-id", "again"], ["--seed", "32"] })
        {
            var (exit, output, errors) = await LoadGen(["replay", .. small, .. run], api.Server.CreateHandler());
            Assert.True(exit == 0, $"{string.Join(' ', run)}: {output}\n{errors}");
            Assert.Contains("201 40, 200 0, errors 0", output, StringComparison.Ordinal);
        }

        Assert.Equal(120, await api.WithDb(db => db.Settlements.CountAsync()));
    }

    [Fact]
    public async Task LoadGen_AckLog_ResendsTheUnacknowledgedWithTheirKeysAndVerifies()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        var log = Path.Combine(_dir, "acks.log");
        string[] small = ["--key", ApiFactory.BureauKey, "--residents", "3000", "--admissions", "30", "--clients", "4", "--seed", "41", "--ack-log", log];
        var (exit, output, errors) = await LoadGen(["replay", .. small], api.Server.CreateHandler());
        Assert.True(exit == 0, $"{output}\n{errors}");

        // As if the server had died before answering: the acknowledgements of ten requests are missing, and a torn line ends the log.
        var lines = File.ReadAllLines(log);
        Assert.Equal(60, lines.Length);
        var dropped = lines.Where(l => l.StartsWith("ack\t", StringComparison.Ordinal)).Take(10).ToHashSet();
        File.WriteAllText(log, string.Concat(lines.Where(l => !dropped.Contains(l)).Select(l => l + "\n")) + "ack\tR41-");

        (exit, output, errors) = await LoadGen(["resend", .. small], api.Server.CreateHandler());

        Assert.True(exit == 0, $"{output}\n{errors}");
        Assert.Contains("re-sent 10: 201 0, 200 10, unanswered 0", output, StringComparison.Ordinal);
        Assert.Contains("acknowledged 30, lost 0, changed 0", output, StringComparison.Ordinal);
        Assert.Equal(30, await api.WithDb(db => db.Settlements.CountAsync()));
    }

    [Fact]
    public void County_OtherSeedOrRunId_OtherNationalIds()
    {
        var ids = new[] { (5, "R5"), (5, "other"), (6, "R6") }
            .Select(r => County.Scaled(r.Item1, r.Item2, 1, 2020, residents: 20_000, admissions: 200).AdmittedMembers.Select(m => m.NationalId).ToHashSet())
            .ToList();

        Assert.Empty(ids[0].Intersect(ids[1]));
        Assert.Empty(ids[0].Intersect(ids[2]));
        Assert.All(ids.SelectMany(s => s), id => Assert.True(Nankang.Health.Application.Common.NationalId.IsValid(id), id));
    }

    /// <summary>The same as the entry point's test, but as the process a clerk starts: its exit code and stderr.</summary>
    [Theory]
    [InlineData("nankang.dll", "resettle --year 2020 --wirte", "Unrecognized command or argument '--wirte'")]
    [InlineData("nankang.dll", "resettle --year 2020 {missing}", "missing.db does not exist")]
    [InlineData("Nankang.Health.LoadGen.dll", "replay --key k --url http://127.0.0.1:1 --residents 1000 --admissions 10", "cannot reach the server")]
    public async Task Process_WrongInvocation_OneLineAndExitCode2(string assembly, string command, string message)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in Args(command))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ConnectionStrings__Health");
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        AssertOneLine(process.ExitCode, await errors, 2, message);
        Assert.False(File.Exists(Missing), "a database file was created");
    }

    private static void AssertOneLine(int exit, string errors, int code, string message)
    {
        Assert.True(exit == code, $"exit {exit}, expected {code}: {errors}");
        var lines = errors.TrimEnd().Split('\n');
        Assert.True(lines.Length == 1 && lines[0].Length > 0, $"not one line: {errors}");
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    /// <summary>The words of <paramref name="command"/>, with {dir}, {missing} and {existing} filled in.</summary>
    private string[] Args(string command)
    {
        var words = command.Replace("{dir}", _dir, StringComparison.Ordinal).Replace("{key}", ApiFactory.PersonalDataKey, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var result = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "{missing}":
                    result.AddRange(["--ConnectionStrings:Health", $"Data Source={Missing}"]);
                    break;
                case "{existing}":
                    result.AddRange(["--ConnectionStrings:Health", $"Data Source={Existing}"]);
                    break;
                case var w when w.StartsWith('"') && !w.EndsWith('"'):
                    // A quoted value with a space: "Data Source=..." as one argument.
                    result.Add($"{w} {words[++i]}");
                    break;
                default:
                    result.Add(words[i]);
                    break;
            }
        }

        return [.. result];
    }

    private static async Task<(int Exit, string Output, string Errors)> Cli(string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await Commands.RunAsync(args, new StringReader(string.Empty), output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    private static async Task<(int Exit, string Output, string Errors)> LoadGen(string[] args, HttpMessageHandler? handler = null)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await Nankang.Health.LoadGen.Program.RunAsync(args, output, errors, handler);
        return (exit, output.ToString(), errors.ToString());
    }
}
