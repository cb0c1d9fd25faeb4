namespace Nankang.Health.Application.Data;

/// <summary>
/// The database as the use cases see it. Implemented by the persistence project for SQLite, PostgreSQL and SQL Server;
/// the provider-specific parts are how a write transaction starts and how a member-year is locked. A store a use case
/// opens itself (the batch tools) is disposed by it; one from the request's scope belongs to the scope.
/// </summary>
public partial interface IHealthStore : IAsyncDisposable
{
    IRowSet<MemberRow> Members { get; }

    IRowSet<MemberCategoryRow> MemberCategories { get; }

    IRowSet<HospitalRow> Hospitals { get; }

    IRowSet<AdmissionRow> Admissions { get; }

    IRowSet<SettlementRow> Settlements { get; }

    IRowSet<LedgerEntryRow> LedgerEntries { get; }

    IRowSet<VoidRow> Voids { get; }

    IRowSet<AccumulatorRow> Accumulators { get; }

    IRowSet<IdempotencyRow> IdempotencyKeys { get; }

    IRowSet<AuditRow> AuditLog { get; }

    IRowSet<StoredPolicyRow> Policies { get; }

    /// <summary>
    /// Starts the transaction of a write. On SQLite it takes the database's write lock before any read
    /// (BEGIN IMMEDIATE behind an in-process gate), so the writes of one member are serialized. On PostgreSQL and SQL
    /// Server it holds the ledger gate shared until it ends, so a month's close waits for it (<see cref="BeginMonthCloseAsync"/>).
    /// A write that books ledger or allowance entries takes their booking time after this returns.
    /// </summary>
    Task<IWriteTransaction> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts the transaction that closes a month. It holds the ledger gate alone: it waits for every write transaction
    /// in progress to end, and writes that start meanwhile wait for it. So every entry is in exactly one month's
    /// statement: a write that took its booking time before the close began has committed before the close reads the
    /// month, and any later write takes its time after the close, when the month has already ended. On SQLite the
    /// database's write lock already serializes every write, and this is <see cref="BeginWriteAsync"/>.
    /// </summary>
    Task<IWriteTransaction> BeginMonthCloseAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Serializes the writes of one member-year across processes for the rest of the transaction
    /// (PostgreSQL advisory lock, SQL Server application lock; SQLite's write lock already does).
    /// </summary>
    Task LockMemberYearAsync(string memberId, int year, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="BeginWriteAsync(CancellationToken)"/>, then locks several member-years (<see cref="LockMemberYearAsync"/>),
    /// always in the same order so two batches cannot deadlock; on PostgreSQL the gate and the locks are one round trip.
    /// </summary>
    Task<IWriteTransaction> BeginWriteAsync(IReadOnlyCollection<(string MemberId, int Year)> memberYears, CancellationToken cancellationToken);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the rows at once in the current transaction, without tracking them (bulk writes). Store-generated
    /// keys are not read back. A database error is thrown as from <see cref="SaveChangesAsync"/>.
    /// </summary>
    Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Updates every non-key column of each row, found by its key, in the current transaction, without tracking.</summary>
    Task UpdateAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class;

    /// <summary>True when the exception, thrown by <see cref="SaveChangesAsync"/> or <see cref="InsertAsync"/>, is a unique-key violation.</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// The rows of <typeparamref name="T"/> whose text column <paramref name="column"/> (a property name) equals one of
    /// <paramref name="values"/>, untracked, through one plain command (no LINQ) whose only parameter is the list (as JSON,
    /// or an array where the provider has them): reads of many rows by id.
    /// </summary>
    Task<List<T>> ReadWhereInAsync<T>(string column, IEnumerable<string> values, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Forgets every tracked entity (after a failed attempt).</summary>
    void Reset();
}

/// <summary>A write transaction: committed explicitly, rolled back on dispose otherwise.</summary>
public interface IWriteTransaction : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);
}
