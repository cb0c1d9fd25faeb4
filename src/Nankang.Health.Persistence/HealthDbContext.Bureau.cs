using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Persistence;

/// <summary>The bureau's part of the model: statements, reconciliations, budgets and allowances.</summary>
public sealed partial class HealthDbContext
{
    public DbSet<StatementClosureRow> StatementClosures => Set<StatementClosureRow>();

    public DbSet<StatementLineRow> StatementLines => Set<StatementLineRow>();

    public DbSet<ReconciliationRow> Reconciliations => Set<ReconciliationRow>();

    public DbSet<FundBudgetRow> FundBudgets => Set<FundBudgetRow>();

    public DbSet<CareCertificationRow> CareCertifications => Set<CareCertificationRow>();

    public DbSet<AllowanceEntryRow> AllowanceEntries => Set<AllowanceEntryRow>();

    public DbSet<AllowanceRunRow> AllowanceRuns => Set<AllowanceRunRow>();

    public DbSet<RehabClaimRow> RehabClaims => Set<RehabClaimRow>();

    public DbSet<RehabClaimVoidRow> RehabClaimVoids => Set<RehabClaimVoidRow>();

    private static void ConfigureBureau(ModelBuilder b)
    {
        const int Id = 64;
        const int Month = 7;
        // Covers the month statement: a range of booking times read from the index alone, without visiting the rows.
        b.Entity<LedgerEntryRow>(e => e.HasIndex(
            [nameof(LedgerEntryRow.BookedAt), nameof(LedgerEntryRow.HospitalId), nameof(LedgerEntryRow.Kind), .. BookedAmounts.FundColumns],
            "IX_ledger_entries_statement"));
        b.Entity<StatementClosureRow>(e =>
        {
            e.ToTable("statement_closures");
            e.HasKey(c => c.Month);
            e.Property(c => c.Month).HasMaxLength(Month);
            e.Property(c => c.KeyId).HasMaxLength(Id);
        });
        b.Entity<StatementLineRow>(e =>
        {
            e.ToTable("statement_lines");
            e.HasKey(l => new { l.Month, l.Payee, l.Line });
            e.Property(l => l.Month).HasMaxLength(Month);
            e.Property(l => l.Payee).HasMaxLength(Id);
            e.Property(l => l.Line).HasMaxLength(32);
            e.Property(l => l.PayeeName).HasMaxLength(200);
            e.Property(l => l.FundCode).HasMaxLength(32);
        });
        b.Entity<ReconciliationRow>(e =>
        {
            e.ToTable("reconciliations");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasMaxLength(Id);
            e.Property(r => r.HospitalId).HasMaxLength(Id);
            e.Property(r => r.Month).HasMaxLength(Month);
            e.Property(r => r.KeyId).HasMaxLength(Id);
            e.Property(r => r.Verdict).HasMaxLength(32);
            e.HasIndex(r => new { r.HospitalId, r.Month });
        });
        b.Entity<FundBudgetRow>(e =>
        {
            e.ToTable("fund_budgets");
            e.HasKey(f => new { f.Year, f.Fund });
            e.Property(f => f.Fund).HasMaxLength(32);
            e.Property(f => f.KeyId).HasMaxLength(Id);
            var seededAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            e.HasData(
                new FundBudgetRow { Year = 2020, Fund = "specialRelief", Amount = 500_000_000, UpdatedAt = seededAt, KeyId = "seed" },
                new FundBudgetRow { Year = 2020, Fund = "childRehabilitation", Amount = 285_000_000, UpdatedAt = seededAt, KeyId = "seed" });
        });
        b.Entity<CareCertificationRow>(e =>
        {
            e.ToTable("care_certifications");
            e.Property(c => c.MemberId).HasMaxLength(Id);
            e.Property(c => c.Condition).HasMaxLength(100);
            e.HasIndex(c => c.MemberId);
        });
        b.Entity<AllowanceEntryRow>(e =>
        {
            e.ToTable("allowance_entries");
            e.HasKey(a => a.Seq);
            e.Property(a => a.Seq).ValueGeneratedOnAdd();
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Line).HasMaxLength(32);
            e.Property(a => a.MemberId).HasMaxLength(Id);
            e.Property(a => a.MonthsJson).HasMaxLength(64);
            e.Property(a => a.KeyId).HasMaxLength(Id);
            e.Property(a => a.RunId).HasMaxLength(Id);
            e.Property(a => a.ClaimId).HasMaxLength(Id);
            e.HasIndex(a => a.BookedAt);
            e.HasIndex(a => new { a.Line, a.Year, a.MemberId });
        });
        b.Entity<AllowanceRunRow>(e =>
        {
            e.ToTable("allowance_runs");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasMaxLength(Id);
            e.Property(r => r.KeyId).HasMaxLength(Id);
        });
        b.Entity<RehabClaimRow>(e =>
        {
            e.ToTable("rehab_claims");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasMaxLength(Id);
            e.Property(r => r.MemberId).HasMaxLength(Id);
            e.Property(r => r.Condition).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.PolicyVersion).HasMaxLength(Id);
            e.Property(r => r.KeyId).HasMaxLength(Id);
            e.HasIndex(r => new { r.MemberId, r.Year, r.Month });
        });
        b.Entity<RehabClaimVoidRow>(e =>
        {
            e.ToTable("rehab_claim_voids");
            e.HasKey(v => v.ClaimId);
            e.Property(v => v.ClaimId).HasMaxLength(Id);
            e.Property(v => v.Reason).HasMaxLength(500);
            e.Property(v => v.KeyId).HasMaxLength(Id);
        });
    }
}
