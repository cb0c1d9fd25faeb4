using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Settlements;

/// <summary>Reads one settlement; another hospital's settlement is not found (404).</summary>
public sealed record GetSettlement(Caller Caller, string SettlementId) : IRequest<Result<SettlementView>>;

public sealed class GetSettlementHandler(IHealthStore store) : IRequestHandler<GetSettlement, Result<SettlementView>>
{
    public async ValueTask<Result<SettlementView>> Handle(GetSettlement request, CancellationToken cancellationToken)
    {
        var row = await store.Settlements.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SettlementId, cancellationToken);
        if (row is null || !request.Caller.ActsFor(row.HospitalId))
        {
            return Problem.NotFound($"No settlement {request.SettlementId}.");
        }

        return Result<SettlementView>.Ok((await SettlementViews.LoadAsync(store, [row], cancellationToken))[0]);
    }
}
