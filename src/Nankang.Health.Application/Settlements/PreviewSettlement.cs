using Mediator;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>Computes a settlement as if booked now and stores nothing; 409 when the visit already has an active settlement.</summary>
public sealed record PreviewSettlement(Caller Caller, ClaimBody Body) : IRequest<Result<SettlementView>>;

public sealed class PreviewSettlementHandler(IHealthStore store, PolicySet policies) : IRequestHandler<PreviewSettlement, Result<SettlementView>>
{
    public async ValueTask<Result<SettlementView>> Handle(PreviewSettlement request, CancellationToken cancellationToken)
    {
        var assembled = await ClaimIntake.AssembleAsync(store, policies, request.Caller, request.Body, cancellationToken);
        if (!assembled.IsSuccess)
        {
            return assembled.Problem!;
        }

        var intake = assembled.Value!;
        var (visitProblem, activeId) = await ClaimIntake.CheckVisitAsync(store, intake.Body, cancellationToken);
        if (visitProblem is not null)
        {
            return visitProblem;
        }

        if (activeId is not null)
        {
            return ClaimIntake.VisitAlreadySettled(activeId);
        }

        var accRow = await store.Accumulators.AsNoTracking()
            .SingleOrDefaultAsync(a => a.MemberId == intake.Body.MemberId && a.Year == intake.Claim.Year, cancellationToken);
        var result = SettlementEngine.Settle(intake.Claim, intake.Policy, AccumulatorStore.ToValue(accRow));
        return Result<SettlementView>.Ok(SettlementViews.FromResult(result, intake, null, SettlementStatus.Preview, null, SettlementViews.Lines(result, intake.Policy)));
    }
}
