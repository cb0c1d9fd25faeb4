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

    protected override void OnModelCreating(ModelBuilder b)
    {
        const int Id = 64;
        b.Entity<MemberRow>(e =>
        {
            e.ToTable("members");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).HasMaxLength(Id);
            e.Property(m => m.NationalIdLookup).HasMaxLength(64);
            e.HasIndex(m => m.NationalIdLookup).IsUnique();
            e.Property(m => m.NationalIdCipher).HasMaxLength(200);
            e.Property(m => m.NationalIdMasked).HasMaxLength(18);
            e.Property(m => m.NameCipher).HasMaxLength(1000);
            e.Property(m => m.Sex).HasMaxLength(1);
            e.Property(m => m.Township).HasMaxLength(100);
            e.Property(m => m.Village).HasMaxLength(100);
            e.HasMany(m => m.Categories).WithOne().HasForeignKey(c => c.MemberId);
        });
        b.Entity<MemberCategoryRow>(e =>
        {
            e.ToTable("member_categories");
            e.Property(c => c.MemberId).HasMaxLength(Id);
            e.Property(c => c.Category).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(c => c.MemberId);
        });
        b.Entity<HospitalRow>(e =>
        {
            e.ToTable("hospitals");
            e.Property(h => h.Id).HasMaxLength(Id);
            e.Property(h => h.Name).HasMaxLength(200);
            e.Property(h => h.Region).HasConversion<string>().HasMaxLength(20);
        });
        b.Entity<AdmissionRow>(e =>
        {
            e.ToTable("admissions");
            e.Property(a => a.Id).HasMaxLength(Id);
            e.Property(a => a.HospitalId).HasMaxLength(Id);
            e.Property(a => a.VisitNo).HasMaxLength(Id);
            e.Property(a => a.MemberId).HasMaxLength(Id);
            e.HasIndex(a => new { a.HospitalId, a.VisitNo }).IsUnique();
            e.HasIndex(a => new { a.MemberId, a.HospitalId });
        });
        b.Entity<SettlementRow>(e =>
        {
            e.ToTable("settlements");
            e.HasKey(s => s.Seq);
            e.Property(s => s.Seq).ValueGeneratedOnAdd();
            e.Property(s => s.Id).HasMaxLength(Id);
            e.HasIndex(s => s.Id).IsUnique();
            e.Property(s => s.HospitalId).HasMaxLength(Id);
            e.Property(s => s.VisitNo).HasMaxLength(Id);
            e.Property(s => s.MemberId).HasMaxLength(Id);
            e.Property(s => s.AdmissionId).HasMaxLength(Id);
            e.Property(s => s.PolicyVersion).HasMaxLength(Id);
            e.Property(s => s.KeyId).HasMaxLength(Id);
            e.Property(s => s.HospitalRegion).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.NotApplicableReason).HasMaxLength(500);
            e.HasIndex(s => new { s.HospitalId, s.VisitNo });
            // One index serves a member's settlements, a member-year's in booking order (void, re-settlement) and a year
            // streamed member by member (resettle): every index on a member costs a random page write per settlement.
            e.HasIndex(s => new { s.MemberId, s.Year, s.Seq });
            e.HasIndex(s => new { s.HospitalId, s.Seq });
        });
        b.Entity<LedgerEntryRow>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasKey(l => l.Seq);
            e.Property(l => l.Seq).ValueGeneratedOnAdd();
            e.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(l => l.SettlementId).HasMaxLength(Id);
            e.Property(l => l.CausedBy).HasMaxLength(Id);
            e.Property(l => l.HospitalId).HasMaxLength(Id);
            e.Property(l => l.MemberId).HasMaxLength(Id);
            e.Property(l => l.KeyId).HasMaxLength(Id);
            e.HasIndex(l => l.SettlementId);
            e.HasIndex(l => new { l.BookedAt, l.HospitalId });
            e.HasIndex(l => new { l.Year, l.Kind });
        });
        b.Entity<VoidRow>(e =>
        {
            e.ToTable("voids");
            e.HasKey(v => v.SettlementId);
            e.Property(v => v.SettlementId).HasMaxLength(Id);
            e.Property(v => v.Reason).HasMaxLength(500);
            e.Property(v => v.KeyId).HasMaxLength(Id);
        });
        b.Entity<AccumulatorRow>(e =>
        {
            e.ToTable("member_year_accumulators");
            e.HasKey(a => new { a.MemberId, a.Year });
            e.Property(a => a.MemberId).HasMaxLength(Id);
            e.Property(a => a.PolicyVersion).HasMaxLength(Id);
        });
        b.Entity<StoredPolicyRow>(e =>
        {
            e.ToTable("policies");
            e.HasKey(p => p.Version);
            e.Property(p => p.Version).HasMaxLength(Id);
            e.Property(p => p.StoredBy).HasMaxLength(Id);
        });
        b.Entity<IdempotencyRow>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(k => new { k.HospitalId, k.Key });
            e.Property(k => k.HospitalId).HasMaxLength(Id);
            e.Property(k => k.Key).HasMaxLength(128);
            e.Property(k => k.RequestHash).HasMaxLength(64);
            e.Property(k => k.SettlementId).HasMaxLength(Id);
        });
        b.Entity<AuditRow>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(a => a.Seq);
            e.Property(a => a.Seq).ValueGeneratedOnAdd();
            e.Property(a => a.KeyId).HasMaxLength(Id);
            e.Property(a => a.Role).HasMaxLength(20);
            e.Property(a => a.HospitalId).HasMaxLength(Id);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Target).HasMaxLength(200);
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.KeyId, a.Seq });
            e.HasIndex(a => new { a.Action, a.Seq });
        });
        ConfigureBureau(b);
        ConfigureUsers(b);
    }
}
