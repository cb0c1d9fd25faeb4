namespace Nankang.Health.Application.Members.Import;

/// <summary>Where an import is: reading and checking every row, writing, or finished.</summary>
public enum MemberImportStage
{
    Waiting,
    Validating,
    Writing,
    Done,
    Rejected,
}

/// <summary>
/// The state of one import, updated by the import as it goes and safe to read from another thread while it runs
/// (the console polls it to draw progress for a large file). Counts are rows of the file, not members written.
/// </summary>
public sealed class MemberImportProgress
{
    private long _read;
    private long _validated;
    private long _written;
    private int _stage;

    public MemberImportStage Stage => (MemberImportStage)Volatile.Read(ref _stage);

    /// <summary>Rows read from the file, in the checking pass.</summary>
    public long RowsRead => Interlocked.Read(ref _read);

    /// <summary>Rows checked and found valid (their national IDs checked against the registry too).</summary>
    public long RowsValidated => Interlocked.Read(ref _validated);

    /// <summary>Rows of the writing pass done: created, replaced or found unchanged.</summary>
    public long RowsWritten => Interlocked.Read(ref _written);

    internal void Enter(MemberImportStage stage) => Volatile.Write(ref _stage, (int)stage);

    internal void Read(long rows) => Interlocked.Add(ref _read, rows);

    internal void Validated(long rows) => Interlocked.Add(ref _validated, rows);

    internal void Written(long rows) => Interlocked.Add(ref _written, rows);
}
