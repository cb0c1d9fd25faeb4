using Microsoft.Playwright;

namespace Nankang.Health.Api.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Microsoft.Playwright (never a browser download): the path comes from
/// <c>NANKANG_CHROMIUM</c> (scripts/browser.sh prints it) or <c>/usr/bin/chromium</c>. One browser per test class;
/// pages and contexts per test.
/// </summary>
public static class Chromium
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("NANKANG_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>With the flags the server's slip printer uses (<see cref="Slips.SlipPrinter.Args"/>).</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}; run the suite with scripts/test.sh (it installs Debian's chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = [.. Slips.SlipPrinter.Args],
        });
        return (playwright, browser);
    }
}
