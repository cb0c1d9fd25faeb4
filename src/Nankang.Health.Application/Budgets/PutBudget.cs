using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Budgets;

public sealed record BudgetBody(Money? Amount);

public sealed record BudgetView(int Year, string Fund, Money Amount);

/// <summary>Sets a fund's annual budget (bureau only): 201 when new, 200 when replaced. Unknown fund → 404.</summary>
public sealed record PutBudget(Caller Caller, int Year, string Fund, BudgetBody Body) : IRequest<Result<BudgetView>>;

public sealed class PutBudgetHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<PutBudget, Result<BudgetView>>
{
    public async ValueTask<Result<BudgetView>> Handle(PutBudget request, CancellationToken cancellationToken)
    {
        if (BudgetFund.Find(request.Fund) is null)
        {
            return Problem.NotFound($"No budget fund {request.Fund}; the funds are {string.Join(", ", BudgetFund.All.Select(f => f.Key))}.");
        }

        var errors = new ValidationErrors();
        if (request.Year is < 2000 or > 2099)
        {
            errors.Add("year", "must be a year from 2000 to 2099.");
        }

        if (request.Body.Amount is not { } amount)
        {
            errors.Add("amount", "is required.");
        }
        else if (amount.IsNegative || amount > new Money(1_000_000_000_000_00))
        {
            errors.Add("amount", "must be from 0 to 1,000,000,000,000.00.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        var row = await store.FundBudgets.SingleOrDefaultAsync(b => b.Year == request.Year && b.Fund == request.Fund, cancellationToken);
        var created = row is null;
        row ??= store.FundBudgets.Add(new FundBudgetRow { Year = request.Year, Fund = request.Fund, KeyId = request.Caller.KeyId });
        row.Amount = request.Body.Amount!.Value.Fen;
        row.UpdatedAt = now;
        row.KeyId = request.Caller.KeyId;
        var status = created ? 201 : 200;
        Audit.Record(store, request.Caller, now, created ? "budget.create" : "budget.replace", $"budget:{request.Year}:{request.Fund}", status);
        try
        {
            await store.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (store.IsUniqueViolation(e))
        {
            return Problem.Conflict($"The {request.Year} budget of {request.Fund} was set by another request at the same time; read it and try again.");
        }

        await tx.CommitAsync(cancellationToken);
        return Result<BudgetView>.Ok(new BudgetView(request.Year, request.Fund, request.Body.Amount!.Value), status);
    }
}
