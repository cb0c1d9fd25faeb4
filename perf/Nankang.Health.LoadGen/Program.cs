using System.Globalization;

namespace Nankang.Health.LoadGen;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        if (options.Command is "help" or "-h" or "--help")
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }

        var generated = DateTime.UtcNow;
        var county = County.Scaled(options.Seed, options.EffectiveRunId, options.Scale, options.Year, options.Residents, options.Admissions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated in {(DateTime.UtcNow - generated).TotalSeconds:F1} s"));
        if (options.Command == "bulkload")
        {
            await BulkLoad.RunAsync(county, options, Console.Out, Console.Error);
            return 0;
        }

        if (options.Command is not ("replay" or "register") || string.IsNullOrEmpty(options.Key))
        {
            Console.Error.WriteLine(options.Command is not ("replay" or "register") ? $"Unknown command {options.Command}." : "--key (or NANKANG_LOADGEN_KEY) is required.");
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseCookies = false })
        {
            BaseAddress = options.Url,
            Timeout = TimeSpan.FromMinutes(5),
        };
        var report = await new Replayer(http, options, Console.Out, Console.Error).RunAsync(county);
        return report.Ok ? 0 : 1;
    }
}
