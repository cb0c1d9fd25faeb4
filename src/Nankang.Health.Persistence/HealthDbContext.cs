using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Persistence.Queries;
using Nankang.Health.Persistence.BatchStore;
using Nankang.Health.Persistence.GroupCommit;

namespace Nankang.Health.Persistence;

/// <summary>
/// The one model of the service, migrated separately per provider (each provider project holds its own migrations).
/// What differs between providers — how a write starts, how a member-year is locked, what a unique violation looks
/// like — comes from the <see cref="IStoreProvider"/>.
/// </summary>
public sealed partial class HealthDbContext(DbContextOptions<HealthDbContext> options, IStoreProvider provider) : DbContext(options), IHealthStore
{
    /// <summary>Application's query operators run by EF Core from the first context on (<see cref="QueryableExtensions"/>).</summary>
    static HealthDbContext() => QueryableExtensions.Executor = new EfQueryExecutor();

    public DbSet<MemberRow> Members => Set<MemberRow>();

    public DbSet<MemberCategoryRow> MemberCategories => Set<MemberCategoryRow>();

    public DbSet<HospitalRow> Hospitals => Set<HospitalRow>();

    public DbSet<AdmissionRow> Admissions => Set<AdmissionRow>();

    public DbSet<SettlementRow> Settlements => Set<SettlementRow>();

    public DbSet<LedgerEntryRow> LedgerEntries => Set<LedgerEntryRow>();

    public DbSet<VoidRow> Voids => Set<VoidRow>();

    public DbSet<AccumulatorRow> Accumulators => Set<AccumulatorRow>();

    public DbSet<IdempotencyRow> IdempotencyKeys => Set<IdempotencyRow>();

    public DbSet<AuditRow> AuditLog => Set<AuditRow>();

    public DbSet<StoredPolicyRow> Policies => Set<StoredPolicyRow>();

    IRowSet<MemberRow> IHealthStore.Members => new RowSet<MemberRow>(Members);

    IRowSet<MemberCategoryRow> IHealthStore.MemberCategories => new RowSet<MemberCategoryRow>(MemberCategories);

    IRowSet<HospitalRow> IHealthStore.Hospitals => new RowSet<HospitalRow>(Hospitals);

    IRowSet<AdmissionRow> IHealthStore.Admissions => new RowSet<AdmissionRow>(Admissions);

    IRowSet<SettlementRow> IHealthStore.Settlements => new RowSet<SettlementRow>(Settlements);

    IRowSet<LedgerEntryRow> IHealthStore.LedgerEntries => new RowSet<LedgerEntryRow>(LedgerEntries);

    IRowSet<VoidRow> IHealthStore.Voids => new RowSet<VoidRow>(Voids);

    IRowSet<AccumulatorRow> IHealthStore.Accumulators => new RowSet<AccumulatorRow>(Accumulators);

    IRowSet<IdempotencyRow> IHealthStore.IdempotencyKeys => new RowSet<IdempotencyRow>(IdempotencyKeys);

    IRowSet<AuditRow> IHealthStore.AuditLog => new RowSet<AuditRow>(AuditLog);

    IRowSet<StoredPolicyRow> IHealthStore.Policies => new RowSet<StoredPolicyRow>(Policies);

    public Task<IWriteTransaction> BeginWriteAsync(CancellationToken cancellationToken) => provider.BeginWriteAsync(this, cancellationToken);

    public Task<IWriteTransaction> BeginMonthCloseAsync(CancellationToken cancellationToken) => provider.BeginMonthCloseAsync(this, cancellationToken);

    public Task LockMemberYearAsync(string memberId, int year, CancellationToken cancellationToken) =>
        provider.LockMemberYearAsync(this, memberId, year, cancellationToken);

    public Task<IWriteTransaction> BeginWriteAsync(IReadOnlyCollection<(string MemberId, int Year)> memberYears, CancellationToken cancellationToken) =>
        provider.BeginWriteAsync(this, memberYears, cancellationToken);

    public bool IsUniqueViolation(Exception exception) => exception is DbUpdateException e && provider.IsUniqueViolation(e);

    public void Reset() => ChangeTracker.Clear();

    public Task<List<T>> ReadWhereInAsync<T>(string column, IEnumerable<string> values, CancellationToken cancellationToken)
        where T : class =>
        RowReader.ReadAsync<T>(this, provider.ListFilter(ColumnOf<T>(column)), provider.ListParameter([.. values.Distinct()]), cancellationToken);

    /// <summary>
    /// Which of <paramref name="values"/> some row has in its text column <paramref name="column"/> (a property name, unique
    /// in the table), read from that column alone: an existence check that leaves the rest of the row on disk.
    /// </summary>
    public Task<List<string>> ReadExistingAsync<T>(string column, IEnumerable<string> values, CancellationToken cancellationToken)
        where T : class
    {
        var name = ColumnOf<T>(column);
        return RowReader.ReadColumnAsync<T>(this, name, provider.ListFilter(name), provider.ListParameter([.. values.Distinct()]), cancellationToken);
    }

    /// <summary>For each of <paramref name="values"/> found in <paramref name="column"/> (unique), that row's column <paramref name="other"/>.</summary>
    public Task<List<(string Value, string Other)>> ReadColumnPairsAsync<T>(string column, string other, IEnumerable<string> values, CancellationToken cancellationToken)
        where T : class
    {
        var name = ColumnOf<T>(column);
        return RowReader.ReadColumnsAsync<T>(this, name, ColumnOf<T>(other), provider.ListFilter(name), provider.ListParameter([.. values.Distinct()]), cancellationToken);
    }

    /// <summary>
    /// The rows whose text columns <paramref name="first"/> and <paramref name="second"/> (property names) equal one of
    /// <paramref name="pairs"/>, untracked, through one indexed command whose only parameter is the pairs as JSON.
    /// </summary>
    public Task<List<T>> ReadWherePairsAsync<T>(string first, string second, IEnumerable<(string First, string Second)> pairs, CancellationToken cancellationToken)
        where T : class =>
        RowReader.ReadAsync<T>(this, provider.PairFilter(ColumnOf<T>(first), ColumnOf<T>(second)), RowReader.PairsJson([.. pairs.Distinct()]), cancellationToken);

    /// <summary>The delimited column name of a property of <typeparamref name="T"/>: only names from the model go into SQL text.</summary>
    private string ColumnOf<T>(string property)
    {
        var entity = Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        return this.GetService<ISqlGenerationHelper>().DelimitIdentifier(
            entity.FindProperty(property)?.GetColumnName() ?? throw new ArgumentException($"{typeof(T).Name} has no property {property}.", nameof(property)));
    }

    /// <summary>Opens the connection and keeps it open until the context is disposed (for a long-lived writer).</summary>
    public Task KeepOpenAsync(CancellationToken cancellationToken) => Database.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// On a connection kept open: from now on its commits return before they are durable, and the <see cref="ICommitSync"/>
    /// returned makes every commit so far durable. Null where the provider does not do this (its commits are durable when
    /// they return). Dispose the result before the context.
    /// </summary>
    public Task<ICommitSync?> DeferCommitSyncAsync(CancellationToken cancellationToken) => provider.DeferCommitSyncAsync(this, cancellationToken);

    /// <summary>The commands and statements this context has prepared for the row reader and writer; disposed with it.</summary>
    public PreparedStatements Prepared { get; } = new();

    public override void Dispose()
    {
        Prepared.Dispose();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Prepared.Dispose();
        return base.DisposeAsync();
    }

    public Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class => RowWriter.InsertAsync(this, rows, provider.RowInserter, cancellationToken);

    public Task UpdateAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class => RowWriter.UpdateAsync(this, rows, provider.RowInserter, cancellationToken);

    /// <summary>One <see cref="IEntityTypeConfiguration{TEntity}"/> per entity, in <c>Configurations/</c>.</summary>
    protected override void OnModelCreating(ModelBuilder b) => b.ApplyConfigurationsFromAssembly(typeof(HealthDbContext).Assembly);
}
