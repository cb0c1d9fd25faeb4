using Mediator;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// Computes a settlement as if booked now and stores nothing; 409 when the visit already has an active settlement. The
/// answer carries the member's year accumulators, so it follows their rule: a hospital previews only for a member it has
/// admitted or settled (404 otherwise, as <c>GET accumulators</c>), and a visit without an admission needs the ID card's
/// national ID (<see cref="NationalIdCheck"/>). To preview before discharge a hospital admits first (docs/api-contract.md).
/// </summary>
public sealed record PreviewSettlement(Caller Caller, ClaimBody Body) : IRequest<Result<SettlementView>>;

public sealed class PreviewSettlementHandler(IHealthStore store, PolicySet policies, PersonalDataProtector protector, TimeProvider clock)
    : IRequestHandler<PreviewSettlement, Result<SettlementView>>
{
    public async ValueTask<Result<SettlementView>> Handle(PreviewSettlement request, CancellationToken cancellationToken)
    {
        var (caller, body) = (request.Caller, request.Body);
        var (assembled, lookup) = await ClaimIntake.AssembleAsync(store, policies, caller, body, clock, cancellationToken);
        if (!assembled.IsSuccess)
        {
            return assembled.Problem!;
        }

        if (!caller.IsBureau && !await store.Admissions.AnyAsync(a => a.MemberId == body.MemberId && a.HospitalId == caller.HospitalId, cancellationToken))
        {
            return Problem.NotFound($"No member {body.MemberId} for this caller: admit the patient first.");
        }

        var intake = assembled.Value!;
        var (visitProblem, admitted, activeId) = await ClaimIntake.CheckVisitAsync(store, body, cancellationToken);
        if (visitProblem is not null)
        {
            return visitProblem;
        }

        if (NationalIdCheck.Check(NationalIdCheck.Hashes(protector, body.NationalId), lookup!, admitted) is { } idProblem)
        {
            if (NationalIdCheck.IsMismatch(idProblem))
            {
                store.AuditLog.Add(NationalIdCheck.MismatchAudit(caller, clock.GetUtcNow().UtcDateTime, body.MemberId!));
                await store.SaveChangesAsync(cancellationToken);
            }

            return idProblem;
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
