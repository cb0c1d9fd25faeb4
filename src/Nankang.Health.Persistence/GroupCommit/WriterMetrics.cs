using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nankang.Health.Persistence.GroupCommit;

/// <summary>
/// The writer's instruments (meter <c>Nankang.Health.Settlement</c>, readable with <c>dotnet-counters monitor -n
/// Nankang.Health.Api --counters Nankang.Health.Settlement</c>): batch sizes, the time of each phase of a batch, how long
/// requests waited for their batch to start, how long after their batch's commit they resumed to send their answers, and
/// how many wait in the queue now.
/// </summary>
public static class WriterMetrics
{
    public const string MeterName = "Nankang.Health.Settlement";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "nankang.settlement.batch.size", "{settlement}", "Settlements per committed transaction.");
    private static readonly Counter<long> Settlements = Meter.CreateCounter<long>(
        "nankang.settlement.batch.settlements", "{settlement}", "Settlement requests through the writer.");
    private static readonly Histogram<double> Phase = Meter.CreateHistogram<double>(
        "nankang.settlement.batch.phase", "ms", "Time of each phase of a batch: begin+read, settle, write, commit, and sync (from the commit's return until the log is synced, where the writer syncs it).");

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "nankang.settlement.queue.wait", "ms", "Time a settlement request waited in the queue for its batch to start.");

    private static readonly Histogram<double> AnswerLag = Meter.CreateHistogram<double>(
        "nankang.settlement.answer.lag", "ms", "Time from a batch's commit until a request of it resumed to send its answer.");

    private static int _queued;

    private static readonly ObservableGauge<int> QueueDepth = Meter.CreateObservableGauge(
        "nankang.settlement.queue.depth", () => Volatile.Read(ref _queued), "{settlement}", "Settlement requests waiting in the queue for a batch.");

    internal static void Enqueued() => Interlocked.Increment(ref _queued);

    internal static void Dequeued(int count) => Interlocked.Add(ref _queued, -count);

    internal static void Synced(long committed) =>
        Phase.Record(Stopwatch.GetElapsedTime(committed).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "sync"));

    internal static void Resumed(long answered) => AnswerLag.Record(Stopwatch.GetElapsedTime(answered).TotalMilliseconds);

    internal static void Waited(long enqueued, long started) => QueueWait.Record(Stopwatch.GetElapsedTime(enqueued, started).TotalMilliseconds);

    internal static void Batch(int size, long started, long read, long settled, long written, long committed)
    {
        BatchSize.Record(size);
        Settlements.Add(size);
        Phase.Record(Stopwatch.GetElapsedTime(started, read).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "read"));
        Phase.Record(Stopwatch.GetElapsedTime(read, settled).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "settle"));
        Phase.Record(Stopwatch.GetElapsedTime(settled, written).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "write"));
        Phase.Record(Stopwatch.GetElapsedTime(written, committed).TotalMilliseconds, new KeyValuePair<string, object?>("phase", "commit"));
    }
}
