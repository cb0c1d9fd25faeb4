using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Nankang.Health.Cli;

namespace Nankang.Health.LoadGen;

/// <summary>
/// Command-line options of the load generator, parsed by System.CommandLine: <c>[replay|register|resend|bulkload] --name value ...</c>.
/// An unknown option or a bad value is a <see cref="UsageException"/> naming it.
/// </summary>
public sealed record Options
{
    public string Command { get; init; } = "replay";

    public Uri Url => Urls[0];

    /// <summary>Every <c>--url</c>: settlements are spread over them in turn (several API nodes over one database).</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [new("http://127.0.0.1:5080")];

    /// <summary><c>--ack-log FILE</c>: the acknowledgement log of a replay (<see cref="AckLog"/>); required by <c>resend</c>.</summary>
    public string? AckLog { get; init; }

    public string? Key { get; init; } = Environment.GetEnvironmentVariable("NANKANG_LOADGEN_KEY");

    public int Seed { get; init; } = 2020;

    public string? RunId { get; init; }

    public double Scale { get; init; } = 1;

    public int? Residents { get; init; }

    public int? Admissions { get; init; }

    public int Year { get; init; } = 2020;

    public int Clients { get; init; } = 64;

    /// <summary>Requests per second to aim at (open loop); 0 = as fast as the clients go.</summary>
    public double Rate { get; init; }

    /// <summary>The first this many admissions warm the service up: replayed and verified, but reported apart.</summary>
    public int Warmup { get; init; }

    public bool Smoke { get; init; }

    /// <summary>Where to write the per-second latency timeline (CSV), if anywhere.</summary>
    public string? Timeline { get; init; }

    public bool SkipRegister { get; init; }

    public bool Verify { get; init; } = true;

    /// <summary>For <c>bulkload</c>: <c>Database:Provider</c> and <c>ConnectionStrings:Health</c>, as the API takes them.</summary>
    public string Provider { get; init; } = "Sqlite";

    public string? Connection { get; init; }

    /// <summary>For <c>bulkload</c>: create the SQLite database when its file does not exist (otherwise that is an error).</summary>
    public bool Create { get; init; }

    /// <summary><c>--help</c> was asked: <see cref="Usage"/> is printed and nothing else done.</summary>
    public bool Help { get; init; }

    public string EffectiveRunId => RunId ?? $"R{Seed}";

    public const string Usage = """
        Nankang.Health.LoadGen — generate a county with Bogus and replay its admissions through the HTTP API.

          replay (default)   register the hospitals and the admitted members, settle every admission, verify
            --url URL          server (default http://127.0.0.1:5080); given several times, settlements go to each in turn and a
                               refused connection moves on to the next
            --key KEY          bureau API key (or NANKANG_LOADGEN_KEY)
            --seed N           generator seed (default 2020); --run-id ID prefixes member ids, visits and keys (default R<seed>);
                               national IDs follow from both, so runs with another seed or run id can share a database
            --scale X          county multiplier (1 = Nankang, 790,000 residents and 170,000 admissions; ~12 = province)
            --residents N --admissions N --year YYYY
            --clients N        concurrent clients (default 64)
            --rate R           aim at R settlements/s (open loop) instead of as fast as possible
            --warmup N         send the first N admissions at full speed, then start any --rate, and report what follows apart
            --skip-register    members and hospitals are already registered
            --no-verify        skip the independent verification
            --timeline FILE    write each second's request count and p50/p99/max latency as CSV
            --smoke            tiny run for CI: 4,000 residents, 300 admissions, 8 clients (unless given)
            --ack-log FILE     append one line per settlement request (key, body) and per 200/201 answer (settlement id, amounts),
                               written through at once; a refused connection (server down) is then retried for up to 2 minutes
                               instead of counted as an error, a request cut off by a crash is left unacknowledged
          resend --ack-log FILE  re-send every request of the log without an acknowledgement, with its key and body, to the --urls;
                               then check that every acknowledged settlement is present once with the same id and amounts, and
                               (unless --no-verify) verify as replay does: give the same generator options as the replay
          register           only register the hospitals and the admitted members (e.g. once, into a database then copied per run)
          bulkload           settle with the core and write settlements straight into the database (bypasses HTTP)
            --provider Sqlite|PostgreSql --connection "..." [--create] plus the generator options above
                               (--create: make the SQLite file if it does not exist; without it a missing file is an error)

        Exit codes: 0 done and verified; 1 errors or mismatches found; 2 a usage error, a refused key or no server.
        """;

    /// <summary>The options of <paramref name="args"/>; a usage error is a <see cref="UsageException"/> with one line.</summary>
    public static Options Parse(IReadOnlyList<string> args)
    {
        var url = new Option<Uri[]>("--url") { CustomParser = ParseUrls };
        var ackLog = new Option<string>("--ack-log");
        var key = new Option<string>("--key");
        var seed = Int("--seed", min: int.MinValue);
        var runId = new Option<string>("--run-id");
        var scale = Number("--scale");
        var residents = Int("--residents");
        var admissions = Int("--admissions");
        var year = Int("--year");
        var clients = Int("--clients");
        var rate = Number("--rate", zeroAllowed: true);
        var warmup = Int("--warmup", min: 0);
        var smoke = new Option<bool>("--smoke");
        var skipRegister = new Option<bool>("--skip-register");
        var noVerify = new Option<bool>("--no-verify");
        var timeline = new Option<string>("--timeline");
        var provider = new Option<string>("--provider") { CustomParser = r => r.Tokens.Single().Value is var p && p.ToUpperInvariant() is "SQLITE" or "POSTGRESQL" or "SQLSERVER" ? p : Fail<string>(r, "Sqlite, PostgreSql or SqlServer") };
        var connection = new Option<string>("--connection");
        var create = new Option<bool>("--create");
        Option[] all = [url, key, seed, runId, scale, residents, admissions, year, clients, rate, warmup, smoke, skipRegister, noVerify, timeline, provider, connection, create, ackLog];

        // The commands share the options (recursive: given before or after the command); no command is replay.
        var root = new RootCommand("Nankang.Health.LoadGen") { new Command("replay"), new Command("register"), new Command("resend"), new Command("bulkload") };
        foreach (var option in all)
        {
            option.Recursive = true;
            root.Add(option);
        }

        root.SetAction(_ => 0);

        var result = root.Parse([.. args], new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            throw new UsageException(string.Join(" ", result.Errors.Select(e => e.Message).Distinct()));
        }

        var o = new Options
        {
            Command = result.CommandResult.Command is RootCommand ? "replay" : result.CommandResult.Command.Name,
            Help = result.Action is System.CommandLine.Help.HelpAction,
            Smoke = result.GetValue(smoke),
            SkipRegister = result.GetValue(skipRegister),
            Verify = !result.GetValue(noVerify),
            Create = result.GetValue(create),
        };
        return o with
        {
            Urls = result.GetValue(url) is { Length: > 0 } urls ? urls : o.Urls,
            AckLog = result.GetValue(ackLog),
            Key = result.GetValue(key) ?? o.Key,
            Seed = result.GetValue(seed) ?? o.Seed,
            RunId = result.GetValue(runId),
            Scale = result.GetValue(scale) ?? o.Scale,
            Residents = result.GetValue(residents) ?? (o.Smoke ? 4_000 : null),
            Admissions = result.GetValue(admissions) ?? (o.Smoke ? 300 : null),
            Year = result.GetValue(year) ?? o.Year,
            Clients = result.GetValue(clients) ?? (o.Smoke ? 8 : o.Clients),
            Rate = result.GetValue(rate) ?? o.Rate,
            Warmup = (int?)result.GetValue(warmup) ?? o.Warmup,
            Timeline = result.GetValue(timeline),
            Provider = result.GetValue(provider) ?? o.Provider,
            Connection = result.GetValue(connection),
        };
    }

    private static Uri[] ParseUrls(ArgumentResult r)
    {
        var urls = new List<Uri>();
        foreach (var token in r.Tokens)
        {
            if (!Uri.TryCreate(token.Value, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            {
                return Fail<Uri[]>(r, "an http:// or https:// address", token.Value);
            }

            urls.Add(u);
        }

        return [.. urls];
    }

    private static Option<int?> Int(string name, int min = 1) => new(name)
    {
        CustomParser = r => int.TryParse(r.Tokens.Single().Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : Fail<int?>(r, min switch { int.MinValue => "a whole number", 0 => "a whole number, 0 or more", _ => $"a whole number, {min} or more" }),
    };

    private static Option<double?> Number(string name, bool zeroAllowed = false) => new(name)
    {
        CustomParser = r => double.TryParse(r.Tokens.Single().Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && (x > 0 || (zeroAllowed && x == 0))
            ? x
            : Fail<double?>(r, zeroAllowed ? "a number, 0 or more" : "a number above 0"),
    };

    private static T Fail<T>(ArgumentResult r, string expected, string? value = null)
    {
        r.AddError($"{((OptionResult)r.Parent!).IdentifierToken?.Value} must be {expected}, not '{value ?? r.Tokens.SingleOrDefault()?.Value}'.");
        return default!;
    }
}
