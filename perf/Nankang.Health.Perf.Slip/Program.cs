using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Nankang.Health.Api.Slips;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Settlement;

// The slip's PDF once warm: renders a full slip (six lines, a voided mark, an adjustment, twelve diagnoses) and prints it
// through the same SlipPrinter the server uses (one Chromium and one page kept for the process; the headless shell
// where installed).
// The first prints start Chromium and are reported apart; then each print is timed alone, one after another.
// Usage: dotnet run -c Release --project perf/Nankang.Health.Perf.Slip -- [prints=50] [chromiumPath=/usr/bin/chromium-headless-shell]
var prints = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var settings = new Dictionary<string, string?> { ["Slip:ChromiumPath"] = args.Length > 1 ? args[1] : null };
await using var printer = new SlipPrinter(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLogger<SlipPrinter>.Instance);

var html = SlipRenderer.Render(Sample());
var first = Stopwatch.StartNew();
var bytes = await printer.PrintAsync(html, CancellationToken.None);
Console.WriteLine($"first PDF (starts Chromium): {first.Elapsed.TotalMilliseconds:F0} ms, {bytes.Length:N0} bytes");
for (var i = 0; i < 5; i++)
{
    await printer.PrintAsync(html, CancellationToken.None);
}

var times = new List<double>(prints);
var cpuBefore = TreeCpuSeconds();
for (var i = 0; i < prints; i++)
{
    var watch = Stopwatch.StartNew();
    await printer.PrintAsync(html, CancellationToken.None);
    times.Add(watch.Elapsed.TotalMilliseconds);
}

// CPU time of this process and every process under it (Playwright's driver, Chromium's browser, renderer and GPU
// processes) per print: unlike wall time, it barely moves when other work shares the cores.
var cpuPerPrint = (TreeCpuSeconds() - cpuBefore) / prints;

times.Sort();
double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
Console.WriteLine($"warm PDF over {prints} prints: min {times[0]:F0} ms, median {At(0.5):F0} ms, p95 {At(0.95):F0} ms, max {times[^1]:F0} ms");
Console.WriteLine($"CPU per warm PDF, all processes: {cpuPerPrint * 1000:F0} ms (load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
var render = Stopwatch.StartNew();
for (var i = 0; i < 1_000; i++)
{
    _ = SlipRenderer.Render(Sample());
}

Console.WriteLine($"HTML render alone: {render.Elapsed.TotalMilliseconds / 1_000:F3} ms");

// utime + stime + cutime + cstime (clock ticks of 1/100 s) of this process and its live descendants, from /proc: the
// renderers Chromium ends after each print are counted in their reaped parent's cutime/cstime.
static double TreeCpuSeconds()
{
    var stats = new Dictionary<int, (int Parent, long Ticks)>();
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(dir), out var pid))
        {
            continue;
        }

        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            stats[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)));
        }
        catch (IOException)
        {
            // the process ended while being read
        }
    }

    var tree = new HashSet<int> { Environment.ProcessId };
    for (var grown = true; grown;)
    {
        grown = false;
        foreach (var (pid, (parent, _)) in stats)
        {
            grown |= tree.Contains(parent) && tree.Add(pid);
        }
    }

    return tree.Where(stats.ContainsKey).Sum(pid => stats[pid].Ticks) / 100.0;
}

static SlipView Sample()
{
    var amounts = new long[] { 1_416_000, 0, 318_600, 24_780, 40_620, 0 };
    var lines = Funds.All.Select((fund, i) => new SlipLine(
        fund, $"F{i}", ChineseExplanations.FundName(fund), new Money(amounts[i]),
        ChineseExplanations.Render(new LineFigures(fund, new Money(amounts[i]), Base: new Money(1_770_000), Rate: Rate.Parse("0.8"))),
        new Money(amounts[i] * 2))).ToList();
    var at = new DateTimeOffset(2020, 5, 10, 9, 30, 0, TimeSpan.FromHours(8));
    return new SlipView(
        "S0123456789abcdef", "Voided", "南康区第一人民医院", 2, "张三", "F", 60, "360782********1234", ["建档立卡贫困户", "低保对象"],
        "ZY2020051001", new DateOnly(2020, 5, 1), new DateOnly(2020, 5, 10), 9, [.. Enumerable.Range(0, 12).Select(i => $"I{60 + i}.9")],
        new SlipCosts(new(2_000_000), new(1_770_000), new(230_000), new(1_500_000), new(300_000), new(30_000), new(200_000), Money.Zero),
        lines, new(1_800_000), new(200_000), 9_000, ChineseCapitals.Of(new(1_800_000)), ChineseCapitals.Of(new(200_000)), true,
        [new SlipAdjustment("S0fedcba987654321", at.AddDays(3), new(-12_345), new(12_345))], new(1_787_655), new(212_345),
        new SlipVoid(at.AddDays(5), "重复结算"), "nankang-2020", at, at.AddDays(6));
}
