namespace Nankang.Health.Application.Data;

/// <summary>The bureau's tables (statements, reconciliations, budgets, allowances).</summary>
public partial interface IHealthStore
{
    IRowSet<StatementClosureRow> StatementClosures { get; }

    IRowSet<StatementLineRow> StatementLines { get; }

    IRowSet<ReconciliationRow> Reconciliations { get; }

    IRowSet<FundBudgetRow> FundBudgets { get; }

    IRowSet<CareCertificationRow> CareCertifications { get; }

    IRowSet<AllowanceEntryRow> AllowanceEntries { get; }

    IRowSet<AllowanceRunRow> AllowanceRuns { get; }

    IRowSet<RehabClaimRow> RehabClaims { get; }

    IRowSet<RehabClaimVoidRow> RehabClaimVoids { get; }
}
