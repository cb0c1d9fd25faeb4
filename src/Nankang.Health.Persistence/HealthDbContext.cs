using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Persistence;

/// <summary>
/// The one model of the service, migrated separately per provider (each provider project holds its own migrations).
/// What differs between providers — how a write starts, how a member-year is locked, what a unique violation looks
/// like — comes from the <see cref="IStoreProvider"/>.
/// </summary>
public sealed partial class HealthDbContext(DbContextOptions<HealthDbContext> options, IStoreProvider provider) : DbContext(options), IHealthStore
{
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

    public Task<IWriteTransaction> BeginWriteAsync(CancellationToken cancellationToken) => provider.BeginWriteAsync(this, cancellationToken);

    public Task<IWriteTransaction> BeginMonthCloseAsync(CancellationToken cancellationToken) => provider.BeginMonthCloseAsync(this, cancellationToken);

    public Task LockMemberYearAsync(string memberId, int year, CancellationToken cancellationToken) =>
        provider.LockMemberYearAsync(this, memberId, year, cancellationToken);

    public Task<IWriteTransaction> BeginWriteAsync(IReadOnlyCollection<(string MemberId, int Year)> memberYears, CancellationToken cancellationToken) =>
        provider.BeginWriteAsync(this, memberYears, cancellationToken);

    public bool IsUniqueViolation(DbUpdateException exception) => provider.IsUniqueViolation(exception);

    public void Reset() => ChangeTracker.Clear();

    public Task<List<T>> ReadWhereInAsync<T>(string column, IEnumerable<string> values, CancellationToken cancellationToken)
        where T : class =>
        RowReader.ReadAsync<T>(this, provider.ListFilter(ColumnOf<T>(column)), provider.ListParameter([.. values.Distinct()]), cancellationToken);

    public Task<List<string>> ReadExistingAsync<T>(string column, IEnumerable<string> values, CancellationToken cancellationToken)
        where T : class
    {
        var name = ColumnOf<T>(column);
        return RowReader.ReadColumnAsync<T>(this, name, provider.ListFilter(name), provider.ListParameter([.. values.Distinct()]), cancellationToken);
    }

    public Task<List<(string Value, string Other)>> ReadColumnPairsAsync<T>(string column, string other, IEnumerable<string> values, CancellationToken cancellationToken)
        where T : class
    {
        var name = ColumnOf<T>(column);
        return RowReader.ReadColumnsAsync<T>(this, name, ColumnOf<T>(other), provider.ListFilter(name), provider.ListParameter([.. values.Distinct()]), cancellationToken);
    }

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

    public Task KeepOpenAsync(CancellationToken cancellationToken) => Database.OpenConnectionAsync(cancellationToken);

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
