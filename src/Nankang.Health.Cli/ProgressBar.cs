using System.Diagnostics;
using System.Globalization;

namespace Nankang.Health.Cli;

/// <summary>A one-line progress bar on stderr, redrawn twice a second.</summary>
public sealed class ProgressBar : IDisposable
{
    private readonly TextWriter _writer;
    private readonly string _label;
    private readonly int _total;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Timer _timer;
    private int _done;
    private int _errors;

    public ProgressBar(TextWriter writer, string label, int total)
    {
        (_writer, _label, _total) = (writer, label, total);
        _timer = new Timer(_ => Draw(), null, 500, 500);
    }

    /// <summary>One item done, <paramref name="errors"/> of them failed.</summary>
    public void Advance(int errors = 0)
    {
        Interlocked.Increment(ref _done);
        if (errors > 0)
        {
            Interlocked.Add(ref _errors, errors);
        }
    }

    /// <summary><paramref name="count"/> items done, none failed.</summary>
    public void Add(int count) => Interlocked.Add(ref _done, count);

    public void Dispose()
    {
        _timer.Dispose();
        Draw();
        _writer.WriteLine();
    }

    private void Draw()
    {
        var done = Volatile.Read(ref _done);
        var fraction = _total == 0 ? 1 : Math.Clamp((double)done / _total, 0, 1);
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var filled = (int)(fraction * 30);
        lock (_writer)
        {
            _writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{_label,-12} [{new string('#', filled)}{new string('.', 30 - filled)}] {fraction,4:P0} {done:N0}/{_total:N0} {done / Math.Max(seconds, 0.001):N0}/s errors {Volatile.Read(ref _errors)}  "));
        }
    }
}
