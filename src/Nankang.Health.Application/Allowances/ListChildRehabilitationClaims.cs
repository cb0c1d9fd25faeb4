using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Allowances;

/// <summary>A year's rehabilitation claims: how many, paid in all (voided claims left out), and each claim.</summary>
public sealed record RehabClaimList(int Year, int Count, Money Paid, IReadOnlyList<RehabClaimView> Claims);

/// <summary>A year's children's rehabilitation claims (bureau only), by service month then booking time, voided ones marked.</summary>
public sealed record ListChildRehabilitationClaims(int Year) : IRequest<Result<RehabClaimList>>;

public sealed class ListChildRehabilitationClaimsHandler(IHealthStore store) : IRequestHandler<ListChildRehabilitationClaims, Result<RehabClaimList>>
{
    public async ValueTask<Result<RehabClaimList>> Handle(ListChildRehabilitationClaims request, CancellationToken cancellationToken)
    {
        if (request.Year is < 2000 or > 2099)
        {
            return Problem.Validation("year", "must be a year from 2000 to 2099.");
        }

        var claims = await store.RehabClaims.AsNoTracking().Where(c => c.Year == request.Year)
            .OrderBy(c => c.Month).ThenBy(c => c.BookedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var ids = claims.Select(c => c.Id).ToList();
        var voids = await store.RehabClaimVoids.AsNoTracking().Where(v => ids.Contains(v.ClaimId)).ToDictionaryAsync(v => v.ClaimId, cancellationToken);
        List<RehabClaimView> views = [.. claims.Select(c => ClaimChildRehabilitationHandler.View(c, voids.GetValueOrDefault(c.Id)))];
        var paid = views.Where(v => v.VoidedAt is null).Aggregate(Money.Zero, (sum, v) => sum + v.Amount);
        return Result<RehabClaimList>.Ok(new RehabClaimList(request.Year, views.Count, paid, views));
    }
}
