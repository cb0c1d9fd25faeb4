using Mediator;
using Nankang.Health.Application.Allowances;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Budgets;

/// <summary>
/// One fund's year: the budget (null when none is set), spent (net of every entry of the benefit year booked so far),
/// committed (caregiver allowance owed by today's certifications and not yet booked), remaining (budget − spent −
/// committed), and the year-end projection: spent on claims and rehabilitation extrapolated at the run rate of the
/// elapsed part of the year, plus the caregiver allowance in full. <c>projectedOverrun</c> when the projection exceeds the budget.
/// </summary>
public sealed record FundBudgetView(
    string Fund, string FundCode, IReadOnlyList<string> Lines, Money? Budget, Money Spent, Money Committed, Money? Remaining,
    Money ProjectedYearEnd, bool ProjectedOverrun, Money? ProjectedOverrunBy);

/// <summary>The budgets of a year as of <c>asOf</c>; <c>elapsed</c> is the fraction of the year (China Standard Time) gone by.</summary>
public sealed record BudgetsView(int Year, DateTimeOffset AsOf, decimal Elapsed, IReadOnlyList<FundBudgetView> Funds);

/// <summary>The budgets of a year with spending, commitments and the year-end projection (bureau only).</summary>
public sealed record GetBudgets(int Year) : IRequest<Result<BudgetsView>>;

public sealed class GetBudgetsHandler(IHealthStore store, PolicySet policies, TimeProvider clock) : IRequestHandler<GetBudgets, Result<BudgetsView>>
{
    public async ValueTask<Result<BudgetsView>> Handle(GetBudgets request, CancellationToken cancellationToken)
    {
        var year = request.Year;
        if (year is < 2000 or > 2099)
        {
            return Problem.Validation("year", "must be a year from 2000 to 2099.");
        }

        var policy = policies.For(new DateOnly(year, 12, 31)) ?? policies.For(new DateOnly(year, 1, 1)) ?? policies.Policies[0];
        var budgets = await store.FundBudgets.AsNoTracking().Where(b => b.Year == year).ToDictionaryAsync(b => b.Fund, b => b.Amount, cancellationToken);
        var claims = await store.LedgerEntries.AsNoTracking().Where(e => e.Year == year)
            .GroupBy(e => 1)
            .SumAmounts()
            .SingleOrDefaultAsync(cancellationToken);
        var allowances = await store.AllowanceEntries.AsNoTracking().Where(e => e.Year == year)
            .GroupBy(e => e.Line).Select(g => new { Line = g.Key, Amount = g.Sum(e => e.Amount) })
            .ToDictionaryAsync(g => g.Line, g => g.Amount, cancellationToken);
        var spentByLine = Funds.All.ToDictionary(f => f.Key(), f => claims?.Funds[(int)f] ?? 0);
        spentByLine[AllowanceLines.Caregiver] = allowances.GetValueOrDefault(AllowanceLines.Caregiver);
        spentByLine[AllowanceLines.ChildRehabilitation] = allowances.GetValueOrDefault(AllowanceLines.ChildRehabilitation);
        spentByLine[AllowanceLines.AntiPovertyInsurance] = allowances.GetValueOrDefault(AllowanceLines.AntiPovertyInsurance);
        var caregiverCommitted = (await CaregiverEntitlements.ComputeAsync(store, policy.CaregiverAllowance, year, null, cancellationToken))
            .Aggregate(0L, (sum, d) => sum + d.Due.Fen);

        var now = clock.GetUtcNow();
        var (start, end) = (new StatementMonth(year, 1).Start, new StatementMonth(year + 1, 1).Start);
        var elapsed = now <= start ? 0m : now >= end ? 1m : (decimal)(now - start).Ticks / (end - start).Ticks;
        var funds = BudgetFund.All.Select(f =>
        {
            var spent = f.Lines.Sum(l => spentByLine[l]);
            var committed = f.Lines.Contains(AllowanceLines.Caregiver) ? caregiverCommitted : 0;
            var runRateSpent = f.Lines.Where(l => l != AllowanceLines.Caregiver).Sum(l => spentByLine[l]);
            var projected = Project(runRateSpent, elapsed) + (spent - runRateSpent) + committed;
            Money? budget = budgets.TryGetValue(f.Key, out var b) ? new Money(b) : null;
            var overrun = budget is { } limit && projected > limit.Fen;
            return new FundBudgetView(
                f.Key, f.FundCode(policy), f.Lines, budget, new Money(spent), new Money(committed), budget is { } bb ? new Money(bb.Fen - spent - committed) : null,
                new Money(projected), overrun, overrun ? new Money(projected - budget!.Value.Fen) : null);
        }).ToList();
        return Result<BudgetsView>.Ok(new BudgetsView(year, now, Math.Round(elapsed, 4, MidpointRounding.AwayFromZero), funds));
    }

    /// <summary>Spending so far extrapolated to the whole year: <c>round(spent / elapsed)</c>, half away from zero; spent itself when nothing or all has elapsed.</summary>
    public static long Project(long spent, decimal elapsed) =>
        elapsed is <= 0m or >= 1m ? spent : (long)Math.Round(spent / elapsed, MidpointRounding.AwayFromZero);
}
