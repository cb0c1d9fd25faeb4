using System.Text.Json;
using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Reconciliations;

/// <summary>Reads a stored reconciliation: the bureau any, a hospital its own (another hospital's → 404).</summary>
public sealed record GetReconciliation(Caller Caller, string ReconciliationId) : IRequest<Result<ReconciliationView>>;

public sealed class GetReconciliationHandler(IHealthStore store) : IRequestHandler<GetReconciliation, Result<ReconciliationView>>
{
    public async ValueTask<Result<ReconciliationView>> Handle(GetReconciliation request, CancellationToken cancellationToken)
    {
        var row = await store.Reconciliations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.ReconciliationId, cancellationToken);
        if (row is null || !request.Caller.ActsFor(row.HospitalId))
        {
            return Problem.NotFound($"No reconciliation {request.ReconciliationId}.");
        }

        return Result<ReconciliationView>.Ok(JsonSerializer.Deserialize<ReconciliationView>(row.ResultJson, HealthJson.Options)!);
    }
}
