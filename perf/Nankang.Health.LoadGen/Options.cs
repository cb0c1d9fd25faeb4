using System.Globalization;

namespace Nankang.Health.LoadGen;

/// <summary>Command-line options of the load generator (<c>--name value</c>; flags take no value).</summary>
public sealed record Options
{
    public string Command { get; init; } = "replay";

    public Uri Url { get; init; } = new("http://127.0.0.1:5080");

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

    public string EffectiveRunId => RunId ?? $"R{Seed}";

    public const string Usage = """
        Nankang.Health.LoadGen — generate a county with Bogus and replay its admissions through the HTTP API.

          replay (default)   register the hospitals and the admitted members, settle every admission, verify
            --url URL          server (default http://127.0.0.1:5080)
            --key KEY          bureau API key (or NANKANG_LOADGEN_KEY)
            --seed N           generator seed (default 2020); --run-id ID prefixes member ids, visits and keys (default R<seed>)
            --scale X          county multiplier (1 = Nankang, 790,000 residents and 170,000 admissions; ~12 = province)
            --residents N --admissions N --year YYYY
            --clients N        concurrent clients (default 64)
            --rate R           aim at R settlements/s (open loop) instead of as fast as possible
            --warmup N         send the first N admissions at full speed, then start any --rate, and report what follows apart
            --skip-register    members and hospitals are already registered
            --no-verify        skip the independent verification
            --timeline FILE    write each second's request count and p50/p99/max latency as CSV
            --smoke            tiny run for CI: 4,000 residents, 300 admissions, 8 clients
          register           only register the hospitals and the admitted members (e.g. once, into a database then copied per run)
          bulkload           settle with the core and write settlements straight into the database (bypasses HTTP)
            --provider Sqlite|PostgreSql --connection "..." plus the generator options above
        """;

    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        var i = 0;
        if (args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            o = o with { Command = args[0] };
            i = 1;
        }

        for (; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            double Double() => double.Parse(Value(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--url" => o with { Url = new Uri(Value()) },
                "--key" => o with { Key = Value() },
                "--seed" => o with { Seed = Int() },
                "--run-id" => o with { RunId = Value() },
                "--scale" => o with { Scale = Double() },
                "--residents" => o with { Residents = Int() },
                "--admissions" => o with { Admissions = Int() },
                "--year" => o with { Year = Int() },
                "--clients" => o with { Clients = Int() },
                "--rate" => o with { Rate = Double() },
                "--warmup" => o with { Warmup = Int() },
                "--smoke" => o with { Smoke = true, Residents = o.Residents ?? 4_000, Admissions = o.Admissions ?? 300, Clients = 8 },
                "--skip-register" => o with { SkipRegister = true },
                "--no-verify" => o with { Verify = false },
                "--timeline" => o with { Timeline = Value() },
                "--provider" => o with { Provider = Value() },
                "--connection" => o with { Connection = Value() },
                var other => throw new ArgumentException($"Unknown option {other}."),
            };
        }

        return o;
    }
}
