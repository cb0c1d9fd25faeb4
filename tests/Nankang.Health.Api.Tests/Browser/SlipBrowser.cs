using System.Diagnostics;
using Microsoft.Playwright;

namespace Nankang.Health.Api.Tests.Browser;

/// <summary>One Chromium for a test class (<see cref="Chromium"/>), and the page text of HTML and of PDFs (pdftotext) as a person reads it.</summary>
public sealed class SlipBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync() => (_playwright, Browser) = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>The text a person sees on <paramref name="html"/> rendered by Chromium, and the page for further looks.</summary>
    public async Task<(string Text, IPage Page)> RenderAsync(string html)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = false });
        await page.SetContentAsync(html);
        return (await page.InnerTextAsync("body"), page);
    }

    /// <summary>The text of a PDF by poppler's pdftotext, and its page count by pdfinfo.</summary>
    public static async Task<(string Text, int Pages)> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"slip-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var text = await RunAsync("pdftotext", "-enc", "UTF-8", file, "-");
            var info = await RunAsync("pdfinfo", file);
            var pages = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim();
            return (text, int.Parse(pages, System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Text with all white space removed, so a value that wraps in a cell still matches.</summary>
    public static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (poppler-utils; scripts/browser.sh installs it).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool}: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
