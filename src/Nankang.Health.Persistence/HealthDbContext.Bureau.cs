using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence.Queries;

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

    IRowSet<StatementClosureRow> IHealthStore.StatementClosures => new RowSet<StatementClosureRow>(StatementClosures);

    IRowSet<StatementLineRow> IHealthStore.StatementLines => new RowSet<StatementLineRow>(StatementLines);

    IRowSet<ReconciliationRow> IHealthStore.Reconciliations => new RowSet<ReconciliationRow>(Reconciliations);

    IRowSet<FundBudgetRow> IHealthStore.FundBudgets => new RowSet<FundBudgetRow>(FundBudgets);

    IRowSet<CareCertificationRow> IHealthStore.CareCertifications => new RowSet<CareCertificationRow>(CareCertifications);

    IRowSet<AllowanceEntryRow> IHealthStore.AllowanceEntries => new RowSet<AllowanceEntryRow>(AllowanceEntries);

    IRowSet<AllowanceRunRow> IHealthStore.AllowanceRuns => new RowSet<AllowanceRunRow>(AllowanceRuns);

    IRowSet<RehabClaimRow> IHealthStore.RehabClaims => new RowSet<RehabClaimRow>(RehabClaims);

    IRowSet<RehabClaimVoidRow> IHealthStore.RehabClaimVoids => new RowSet<RehabClaimVoidRow>(RehabClaimVoids);
}
