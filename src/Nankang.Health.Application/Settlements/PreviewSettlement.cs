using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Settlements.BatchStore;
using Nankang.Health.Application.Settlements.Booking;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// Computes a settlement as if booked now and stores nothing; 409 when the visit already has an active settlement. The
/// answer carries the member's year accumulators, so it follows their rule: a hospital previews only for a member it has
/// admitted or settled (404 otherwise, as <c>GET accumulators</c>), and a visit without an admission needs the ID card's
/// national ID (<see cref="NationalIdCheck"/>). To preview before discharge a hospital admits first (docs/api-contract.md).
/// </summary>
public sealed record PreviewSettlement(Caller Caller, ClaimBody Body) : IRequest<Result<SettlementView>>;

public sealed class PreviewSettlementHandler(ISettlementBatchStore store, SettlementBooker booker, PersonalDataProtector protector, TimeProvider clock)
    : IRequestHandler<PreviewSettlement, Result<SettlementView>>
{
    public async ValueTask<Result<SettlementView>> Handle(PreviewSettlement request, CancellationToken cancellationToken)
    {
        var (caller, body) = (request.Caller, request.Body);
        if (ClaimIntake.Check(caller, body, clock) is { } problem)
        {
            return problem;
        }

        return await booker.PreviewAsync(store, PendingSettlement.Preview(caller, body, NationalIdCheck.Hashes(protector, body.NationalId)), cancellationToken);
    }
}
