using System.Text.Json;
using Microsoft.Playwright;

namespace Nankang.Health.Api.Slips;

/// <summary>Chromium is not installed where <c>Slip:ChromiumPath</c> points, so no PDF can be printed.</summary>
public sealed class ChromiumMissingException(string path)
    : Exception($"PDF printing needs Chromium at {path} (setting Slip:ChromiumPath); it is not there. Install Debian's chromium-headless-shell and fonts-noto-cjk, or ask for the HTML slip (format=html).")
{
    public string Path { get; } = path;
}

/// <summary>
/// Prints slips to PDF in Debian's Chromium through Microsoft.Playwright (<c>ExecutablePath</c>, never a browser
/// download): its headless shell (package chromium-headless-shell) where installed, since the full browser's print
/// pipeline costs seconds per page (perf/README.md), else the full <c>chromium</c>. One browser per process, started on
/// the first PDF and started again if it died, and one page in it that prints one slip at a time, so the CJK fonts stay
/// loaded in one renderer. A singleton.
/// </summary>
public sealed partial class SlipPrinter(IConfiguration configuration, ILogger<SlipPrinter> logger) : IAsyncDisposable
{
    public const string HeadlessShellPath = "/usr/bin/chromium-headless-shell";
    public const string FullChromiumPath = "/usr/bin/chromium";

    /// <summary>Headless, no sandbox (containers run as root), no GPU and no background traffic to a closed network.</summary>
    public static readonly IReadOnlyList<string> Args =
        ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"];

    private readonly SemaphoreSlim _launch = new(1, 1);
    private readonly SemaphoreSlim _print = new(1, 1);
    private IPage? _page;
    private IBrowser? _pageBrowser;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary><c>Slip:ChromiumPath</c> when set; otherwise the headless shell, or the full browser where only it is installed.</summary>
    public string ChromiumPath { get; } = configuration["Slip:ChromiumPath"] is { Length: > 0 } path ? path
        : File.Exists(HeadlessShellPath) || !File.Exists(FullChromiumPath) ? HeadlessShellPath : FullChromiumPath;

    public bool IsAvailable => File.Exists(ChromiumPath);

    /// <summary>The PDF of <paramref name="html"/>, with the page size its print stylesheet asks for.</summary>
    /// <exception cref="ChromiumMissingException">Chromium is not installed at <see cref="ChromiumPath"/>.</exception>
    public async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        var browser = await BrowserAsync(ct);
        await _print.WaitAsync(ct);
        try
        {
            if (_page is null || _page.IsClosed || _pageBrowser != browser)
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Offline = true });
                _page = await context.NewPageAsync();
                _pageBrowser = browser;
            }

            await _page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
            return await _page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        }
        finally
        {
            _print.Release();
        }
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken ct)
    {
        if (_browser is { IsConnected: true } running)
        {
            return running;
        }

        await _launch.WaitAsync(ct);
        try
        {
            if (_browser is { IsConnected: true } launched)
            {
                return launched;
            }

            if (!IsAvailable)
            {
                throw new ChromiumMissingException(ChromiumPath);
            }

            if (_browser is not null)
            {
                LogRestart(logger, ChromiumPath);
                await _browser.DisposeAsync();
            }

            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = [.. Args] });
            CheckVersion(_browser.Version);
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    /// <summary>Logs whether the Chromium found has the major version the Playwright package was built against.</summary>
    private void CheckVersion(string version)
    {
        var expected = ExpectedChromiumVersion();
        if (expected is null)
        {
            LogNoExpectation(logger, version);
        }
        else if (Major(expected) != Major(version))
        {
            LogMismatch(logger, version, ChromiumPath, expected);
        }
        else
        {
            LogStarted(logger, version, ChromiumPath);
        }
    }

    /// <summary>The Chromium version of the Playwright package's <c>browsers.json</c> (copied beside the app), or null.</summary>
    public static string? ExpectedChromiumVersion()
    {
        var path = Path.Combine(AppContext.BaseDirectory, ".playwright", "package", "browsers.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("browsers").EnumerateArray()
            .FirstOrDefault(b => b.GetProperty("name").GetString() == "chromium") is { ValueKind: JsonValueKind.Object } chromium
            ? chromium.GetProperty("browserVersion").GetString()
            : null;
    }

    /// <summary><c>156.0.8078.114</c> → 156.</summary>
    public static int Major(string version) =>
        int.TryParse(version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : -1;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _launch.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Slip printer: Chromium {Version} started from {Path}")]
    private static partial void LogStarted(ILogger logger, string version, string path);

    [LoggerMessage(LogLevel.Warning, "Slip printer: Chromium {Version} at {Path} differs in major version from the {Expected} that Playwright expects; PDFs may fail or differ")]
    private static partial void LogMismatch(ILogger logger, string version, string path, string expected);

    [LoggerMessage(LogLevel.Warning, "Slip printer: Chromium {Version} started, but Playwright's browsers.json is not beside the app to check its version")]
    private static partial void LogNoExpectation(ILogger logger, string version);

    [LoggerMessage(LogLevel.Warning, "Slip printer: Chromium at {Path} had gone; starting it again")]
    private static partial void LogRestart(ILogger logger, string path);
}
