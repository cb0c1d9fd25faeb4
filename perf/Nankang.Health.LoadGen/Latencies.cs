using System.Diagnostics;
using HdrHistogram;

namespace Nankang.Health.LoadGen;

/// <summary>Latency percentiles of <see cref="Stopwatch"/> tick counts, through an HdrHistogram (3 significant digits: within 0.1 %).</summary>
public sealed class Latencies
{
    private readonly LongHistogram _histogram = new(Stopwatch.Frequency * 86_400, 3);

    public static Latencies Of(IEnumerable<long> ticks)
    {
        var latencies = new Latencies();
        foreach (var t in ticks)
        {
            latencies._histogram.RecordValue(Math.Max(0, t));
        }

        return latencies;
    }

    public long Count => _histogram.TotalCount;

    /// <summary>The latency at <paramref name="percentile"/> (0–100) in milliseconds.</summary>
    public double Ms(double percentile) => Count == 0 ? 0 : ToMs(_histogram.GetValueAtPercentile(percentile));

    public double MaxMs => Count == 0 ? 0 : ToMs(_histogram.GetMaxValue());

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
