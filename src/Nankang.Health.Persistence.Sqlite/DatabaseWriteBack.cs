using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Nankang.Health.Persistence.Sqlite;

/// <summary>
/// Writes back the database file's pages that a checkpoint copied into it, in slices, so that the disk never holds a
/// large queue of them in front of the settlement writer's log sync.
/// </summary>
/// <remarks>
/// <para>
/// The background checkpointer copies about 20 ms of the log into the database file on every pass. Synced in one
/// <c>fsync</c>, those pages (about a megabyte at 2,500 settlements/s) went to the disk at once, and a log sync that
/// started meanwhile queued behind them: syncs that overlapped one took 1.6 ms at the median against 0.26 ms, and they
/// were nine in ten of the syncs above 3 ms. Written back one slice of the file after the other, each waited for before
/// the next (Linux <c>sync_file_range</c>), only one slice's pages are in the queue at a time: the log sync's p95 fell
/// from 2.0–2.3 ms to 1.1–1.2 ms (perf/README.md, eighth pass).
/// </para>
/// <para>
/// This is for speed only, as the <c>fsync</c> was: it neither flushes the disk's cache nor commits the file's metadata.
/// The log keeps every page until SQLite's own sync of the database, which precedes any restart of the log (SQLite syncs
/// the database when a checkpoint has copied the whole log); that sync then finds the pages already written.
/// </para>
/// <para>
/// Elsewhere than Linux, or when the call fails (a file system that refuses it), the file is synced in one piece.
/// </para>
/// </remarks>
public static partial class DatabaseWriteBack
{
    /// <summary>How many slices a file is written back in. The dirty pages are spread over the whole file, so each slice holds about 1/32 of them whatever its size.</summary>
    public const int Slices = 32;

    private const long PageBytes = 4096;
    private const uint Write = 2;
    private const uint WaitAfter = 4;

    private static volatile bool _sliceless = !OperatingSystem.IsLinux();

    /// <summary>True while the sliced write-back is in use; false on other systems and once a call has failed.</summary>
    public static bool Sliced => !_sliceless;

    /// <summary>Writes back the file's dirty pages slice by slice, or syncs it in one piece where that is not possible.</summary>
    public static void Run(SafeFileHandle file)
    {
        if (!_sliceless)
        {
            try
            {
                var fd = (int)file.DangerousGetHandle();
                foreach (var (offset, count) in Ranges(RandomAccess.GetLength(file), Slices))
                {
                    if (SyncFileRange(fd, offset, count, Write | WaitAfter) != 0)
                    {
                        throw new IOException($"sync_file_range failed: errno {Marshal.GetLastPInvokeError()}");
                    }
                }

                return;
            }
            catch (Exception e) when (e is IOException or DllNotFoundException or EntryPointNotFoundException)
            {
                _sliceless = true;
            }
        }

        RandomAccess.FlushToDisk(file);
    }

    /// <summary>
    /// Contiguous byte ranges that cover <c>[0, length)</c> in order, at most <paramref name="slices"/> of them, each
    /// starting on a page; the last one runs to the end of the file (a count of 0 means "to the end" for the call).
    /// </summary>
    public static IEnumerable<(long Offset, long Count)> Ranges(long length, int slices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        var step = Math.Max(PageBytes, ((length + slices - 1) / slices + PageBytes - 1) / PageBytes * PageBytes);
        for (long offset = 0; offset < length; offset += step)
        {
            yield return (offset, offset + step >= length ? 0 : step);
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long count, uint flags);
}
