using Nankang.Health.Persistence.GroupCommit;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The settlement writer's syncer (<see cref="CommitSyncer"/>): no answer before the sync that covers it, answers in the
/// order handed over, one sync for everything handed over while the previous one ran, and a failed sync failing its
/// answers and every later one.
/// </summary>
public sealed class CommitSyncerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Answers_WaitForTheSyncThatCoversThem_AndComeInOrder()
    {
        var sync = new GatedSync();
        var answered = new List<(string Name, Exception? Failure)>();
        var allAnswered = new ManualResetEventSlim();
        using (var syncer = new CommitSyncer(sync))
        {
            try
            {
                syncer.AfterSync(Record("a"));
                Assert.True(sync.Entered.Wait(Patience), "the first answer starts a sync");
                syncer.AfterSync(Record("b"));
                syncer.AfterSync(Record("c"));

                // The sync is held: nothing may be answered, "a" included.
                lock (answered)
                {
                    Assert.Empty(answered);
                }
            }
            finally
            {
                sync.Release.Set(); // also when an assertion failed: disposing the syncer waits for its sync
            }

            Assert.True(allAnswered.Wait(Patience), "every answer is given once the syncs return");
        }

        Assert.Equal([("a", null), ("b", null), ("c", null)], answered);
        Assert.Equal(2, sync.Calls); // "b" and "c" arrived during the first sync: one more covers both
        Assert.True(sync.Disposed);

        // Runs on the syncer's thread: records, never throws.
        Action<Exception?> Record(string name) => failure =>
        {
            lock (answered)
            {
                answered.Add((name, failure));
                if (answered.Count == 3)
                {
                    allAnswered.Set();
                }
            }
        };
    }

    [Fact]
    public async Task AFailedSync_FailsItsAnswersAndEveryLaterOne_WithoutSyncingAgain()
    {
        var broken = new IOException("fsync: input/output error");
        var sync = new GatedSync { Failure = broken };
        sync.Release.Set();
        using var syncer = new CommitSyncer(sync);

        // Continuations off the syncer's thread: the test disposes the syncer, which must not happen on its own thread.
        var first = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        syncer.AfterSync(f => first.TrySetResult(f));
        Assert.Same(broken, await first.Task.WaitAsync(Patience));
        Assert.True(syncer.Faulted);

        var later = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        syncer.AfterSync(f => later.TrySetResult(f));
        Assert.Same(broken, await later.Task.WaitAsync(Patience));
        Assert.Equal(1, sync.Calls);
    }

    [Fact]
    public void Dispose_AnswersEverythingHandedOver_AfterALastSync_ThenDisposesTheSync()
    {
        var sync = new GatedSync();
        var syncer = new CommitSyncer(sync);
        var answers = 0;
        syncer.AfterSync(_ => Interlocked.Increment(ref answers));
        var entered = sync.Entered.Wait(Patience);
        syncer.AfterSync(_ => Interlocked.Increment(ref answers));
        sync.Release.Set();
        Assert.True(entered);

        syncer.Dispose();

        Assert.Equal(2, answers);
        Assert.Equal(2, sync.Calls);
        Assert.True(sync.Disposed);
        Assert.Throws<ObjectDisposedException>(() => syncer.AfterSync(_ => { }));
    }

    /// <summary>A sync that signals when it starts and returns (or fails) only once released.</summary>
    private sealed class GatedSync : ICommitSync
    {
        private int _calls;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public Exception? Failure { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public bool Disposed { get; private set; }

        public void Sync()
        {
            Interlocked.Increment(ref _calls);
            Entered.Set();
            Release.Wait();
            if (Failure is not null)
            {
                throw Failure;
            }
        }

        public void Dispose() => Disposed = true;
    }
}
