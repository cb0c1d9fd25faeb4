using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Statements;

/// <summary>
/// A month's statement: every payee for the bureau (<paramref name="HospitalId"/> null), or one hospital's part. A closed
/// month is read from its frozen rows; an open one is computed from the ledger. A hospital key may read only its own part:
/// the whole statement → 403, another hospital's → 404 (as for every path id of another hospital).
/// </summary>
public sealed record GetStatement(Caller Caller, string Month, string? HospitalId) : IRequest<Result<StatementView>>;

public sealed class GetStatementHandler(IHealthStore store, PolicySet policies) : IRequestHandler<GetStatement, Result<StatementView>>
{
    public async ValueTask<Result<StatementView>> Handle(GetStatement request, CancellationToken cancellationToken)
    {
        if (!StatementMonth.TryParse(request.Month, out var month))
        {
            return Problem.Validation("month", "must be a month as yyyy-MM.");
        }

        if (request.HospitalId is null && !request.Caller.IsBureau)
        {
            return Problem.Forbidden("Only the bureau reads the whole statement; a hospital reads /statements/{month}/hospitals/{its id}.");
        }

        if (request.HospitalId is { } hospitalId
            && (!request.Caller.ActsFor(hospitalId) || !await store.Hospitals.AnyAsync(h => h.Id == hospitalId, cancellationToken)))
        {
            return Problem.NotFound($"No hospital {hospitalId}.");
        }

        var policy = MonthStatements.PolicyOf(policies, month);
        var key = month.ToString();
        var closure = await store.StatementClosures.AsNoTracking().SingleOrDefaultAsync(c => c.Month == key, cancellationToken);
        var statement = closure is null
            ? await MonthStatements.ComputeAsync(store, policy, month, request.HospitalId, cancellationToken)
            : await MonthStatements.LoadClosedAsync(store, policy, closure, request.HospitalId, cancellationToken);
        return Result<StatementView>.Ok(statement);
    }
}
