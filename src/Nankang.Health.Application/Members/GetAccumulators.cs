using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Members;

/// <summary>The rules' <c>acc</c> of a member-year over its settlements that are not voided (adjustments applied).</summary>
public sealed record AccumulatorsView(
    string MemberId,
    int Year,
    int ClaimCount,
    Money BasicPaid,
    Money SeriousIllnessBase,
    Money SeriousIllnessPaid,
    Money SupplementaryPaid,
    Money AssistancePaid,
    Money SelfPayAfterTopUp,
    Money HighCostReliefPaid)
{
    public static AccumulatorsView Of(string memberId, int year, Accumulators a) => new(
        memberId, year, a.ClaimCount, a.BasicPaid, a.SeriousIllnessBase, a.SeriousIllnessPaid, a.SupplementaryPaid,
        a.AssistancePaid, a.SelfPayAfterTopUp, a.HighCostReliefPaid);
}

/// <summary>Reads a member's accumulators for a year. A hospital may read only members it has admitted or settled.</summary>
public sealed record GetAccumulators(Caller Caller, string MemberId, int Year) : IRequest<Result<AccumulatorsView>>;

public sealed class GetAccumulatorsHandler(IHealthStore store) : IRequestHandler<GetAccumulators, Result<AccumulatorsView>>
{
    public async ValueTask<Result<AccumulatorsView>> Handle(GetAccumulators request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var visible = caller.IsBureau
            ? await store.Members.AnyAsync(m => m.Id == request.MemberId, cancellationToken)
            : await store.Admissions.AnyAsync(a => a.MemberId == request.MemberId && a.HospitalId == caller.HospitalId, cancellationToken);
        if (!visible || request.Year is < 1900 or > 9999)
        {
            return Problem.NotFound($"No member {request.MemberId} for this caller.");
        }

        var row = await store.Accumulators.AsNoTracking()
            .SingleOrDefaultAsync(a => a.MemberId == request.MemberId && a.Year == request.Year, cancellationToken);
        return Result<AccumulatorsView>.Ok(AccumulatorsView.Of(request.MemberId, request.Year, AccumulatorStore.ToValue(row)));
    }
}
