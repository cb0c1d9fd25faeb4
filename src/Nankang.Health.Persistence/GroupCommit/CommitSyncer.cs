namespace Nankang.Health.Persistence.GroupCommit;

/// <summary>
/// Answers committed batches once their commits are durable, on a thread of its own, so that the writer books the next
/// batch while the log is synced. One <see cref="ICommitSync.Sync"/> covers every batch handed over before it began, and
/// batches are answered in the order they were handed over, which is the order they committed.
/// </summary>
/// <remarks>
/// A failed sync fails the batches it covered and every batch handed over later (their commits may stand on a lost one):
/// the owner sees <see cref="Faulted"/> and replaces its store and this syncer.
/// </remarks>
public sealed class CommitSyncer : IDisposable
{
    // A monitor, not a SemaphoreSlim: SemaphoreSlim.Wait spins before it blocks, which costs CPU on a thread woken this often.
    private readonly object _gate = new();
    private readonly ICommitSync _sync;
    private readonly Thread _thread;
    private List<Action<Exception?>> _due = [];
    private bool _stopping;
    private Exception? _failure;

    public CommitSyncer(ICommitSync sync)
    {
        _sync = sync;
        _thread = new Thread(Run) { IsBackground = true, Name = "Settlement commit sync" };
        _thread.Start();
    }

    /// <summary>True once a sync has failed: every answer from then on is given that failure.</summary>
    public bool Faulted => Volatile.Read(ref _failure) is not null;

    /// <summary>Runs <paramref name="answer"/> after the next sync: with null once it succeeded, with its exception otherwise.</summary>
    public void AfterSync(Action<Exception?> answer)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _due.Add(answer);
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>
    /// Answers everything handed over (after one more sync), then stops the thread and disposes the sync. Answers must not
    /// dispose it: they run on its thread (hand over continuations that run asynchronously).
    /// </summary>
    public void Dispose()
    {
        // From an answer (a continuation run inline on this thread) the join below would wait for itself.
        if (Thread.CurrentThread == _thread)
        {
            throw new InvalidOperationException("A commit syncer cannot be disposed from one of its own answers.");
        }

        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _sync.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            List<Action<Exception?>> due;
            bool stopping;
            lock (_gate)
            {
                while (_due.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                (due, _due, stopping) = (_due, [], _stopping);
            }

            if (due.Count > 0)
            {
                // Every answer in `due` was handed over after its commit returned, so this sync covers it.
                var failure = Volatile.Read(ref _failure);
                if (failure is null)
                {
                    try
                    {
                        _sync.Sync();
                    }
                    catch (Exception e)
                    {
                        failure = e;
                        Volatile.Write(ref _failure, e);
                    }
                }

                foreach (var answer in due)
                {
                    answer(failure);
                }
            }

            if (stopping)
            {
                return;
            }
        }
    }
}
