using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The service started as a separate operating-system process (the API's own build output) on the database of an
/// <see cref="ApiFactory"/>: a second server, with its own process, pools and locks, for the concurrency tests.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(ApiFactory database, string hospitalId)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        var dll = Path.Combine(PersonalDataTests.RepositoryRoot(), "src", "Nankang.Health.Api", "bin", configuration, "net10.0", "Nankang.Health.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", address.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__Health"] = database.ConnectionString;
        start.Environment["Security__PersonalDataKey"] = ApiFactory.PersonalDataKey;
        start.Environment["Auth__ApiKeys__0__KeySha256"] = ApiFactory.Sha256Hex(ApiFactory.HospitalKey(hospitalId));
        start.Environment["Auth__ApiKeys__0__Role"] = "Hospital";
        start.Environment["Auth__ApiKeys__0__HospitalId"] = hospitalId;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["OpenApi__Enabled"] = "true";
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, address);
        using var probe = new HttpClient { BaseAddress = address };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await probe.GetAsync("/openapi/v1.json")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.False(process.HasExited, $"the server process exited with {(process.HasExited ? process.ExitCode : 0)}");
            await Task.Delay(500);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The server process did not start within 60 s.");
    }

    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>Sends SIGTERM, as a service manager stopping the service does, and waits for the process to exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Assert.Equal(0, Kill(_process.Id, Sigterm));
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    private const int Sigterm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
