using Microsoft.EntityFrameworkCore;

namespace Nankang.Health.Application.Data;

/// <summary>The bureau's tables (statements, reconciliations, budgets, allowances).</summary>
public partial interface IHealthStore
{
    DbSet<StatementClosureRow> StatementClosures { get; }

    DbSet<StatementLineRow> StatementLines { get; }

    DbSet<ReconciliationRow> Reconciliations { get; }

    DbSet<FundBudgetRow> FundBudgets { get; }

    DbSet<CareCertificationRow> CareCertifications { get; }

    DbSet<AllowanceEntryRow> AllowanceEntries { get; }

    DbSet<AllowanceRunRow> AllowanceRuns { get; }

    DbSet<RehabClaimRow> RehabClaims { get; }

    DbSet<RehabClaimVoidRow> RehabClaimVoids { get; }
}
