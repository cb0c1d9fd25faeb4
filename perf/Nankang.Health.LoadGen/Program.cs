using System.Globalization;
using System.Net.Sockets;
using Nankang.Health.Cli;

namespace Nankang.Health.LoadGen;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// The load generator: exit 0 when everything settled and verified, 1 on errors or mismatches, 2 on a usage error, a
    /// refused key or a server it cannot reach, each of those told in one line on <paramref name="errors"/>.
    /// <paramref name="handler"/> replaces the network (a test's in-memory server).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, HttpMessageHandler? handler = null)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (UsageException e)
        {
            errors.WriteLine($"loadgen: {e.Message} (--help shows the usage)");
            return 2;
        }

        if (options.Help)
        {
            output.WriteLine(Options.Usage);
            return 0;
        }

        if (options.Command is "resend" && options.AckLog is null)
        {
            errors.WriteLine("loadgen: resend needs --ack-log FILE: the acknowledgement log of the replay.");
            return 2;
        }

        if (options.Command is "replay" or "register" or "resend" && string.IsNullOrEmpty(options.Key))
        {
            errors.WriteLine("loadgen: --key (or NANKANG_LOADGEN_KEY) is required: the bureau's API key.");
            return 2;
        }

        try
        {
            var generated = DateTime.UtcNow;
            var county = County.Scaled(options.Seed, options.EffectiveRunId, options.Scale, options.Year, options.Residents, options.Admissions);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated in {(DateTime.UtcNow - generated).TotalSeconds:F1} s"));
            if (options.Command == "bulkload")
            {
                await BulkLoad.RunAsync(county, options, output, errors);
                return 0;
            }

            using var http = new HttpClient(handler ?? new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(10) })
            {
                BaseAddress = options.Url,
                Timeout = TimeSpan.FromMinutes(5),
            };
            if (options.Command == "resend")
            {
                return (await new Resender(http, options, output, errors).RunAsync(county)).Ok ? 0 : 1;
            }

            var report = await new Replayer(http, options, output, errors).RunAsync(county);
            return report.Ok ? 0 : 1;
        }
        catch (UsageException e)
        {
            errors.WriteLine($"loadgen: {e.Message}");
            return 2;
        }
        catch (RunFailedException e)
        {
            errors.WriteLine($"loadgen: {e.Message}");
            return 1;
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            errors.WriteLine($"loadgen: cannot reach the server at {options.Url}: {Commands.OneLine(e.Message)}");
            return 2;
        }
    }
}

/// <summary>A request the run cannot go on without was refused (other than for the key): one line, exit code 1.</summary>
public sealed class RunFailedException(string message) : Exception(message);
