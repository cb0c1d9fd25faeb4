using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Allowances;

/// <summary>A year's children's rehabilitation claims (bureau only), by service month then booking time, voided ones marked.</summary>
public sealed record ListChildRehabilitationClaims(int Year) : IRequest<Result<IReadOnlyList<RehabClaimView>>>;

public sealed class ListChildRehabilitationClaimsHandler(IHealthStore store) : IRequestHandler<ListChildRehabilitationClaims, Result<IReadOnlyList<RehabClaimView>>>
{
    public async ValueTask<Result<IReadOnlyList<RehabClaimView>>> Handle(ListChildRehabilitationClaims request, CancellationToken cancellationToken)
    {
        if (request.Year is < 2000 or > 2099)
        {
            return Problem.Validation("year", "must be a year from 2000 to 2099.");
        }

        var claims = await store.RehabClaims.AsNoTracking().Where(c => c.Year == request.Year)
            .OrderBy(c => c.Month).ThenBy(c => c.BookedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var ids = claims.Select(c => c.Id).ToList();
        var voids = await store.RehabClaimVoids.AsNoTracking().Where(v => ids.Contains(v.ClaimId)).ToDictionaryAsync(v => v.ClaimId, cancellationToken);
        return Result<IReadOnlyList<RehabClaimView>>.Ok([.. claims.Select(c => ClaimChildRehabilitationHandler.View(c, voids.GetValueOrDefault(c.Id)))]);
    }
}
