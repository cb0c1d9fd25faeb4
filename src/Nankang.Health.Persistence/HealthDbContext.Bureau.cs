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
}
