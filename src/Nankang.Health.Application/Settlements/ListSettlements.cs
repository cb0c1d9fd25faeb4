using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// Lists settlements in booking order, filtered by hospital, member and discharge date range; pages start at 1 and hold at
/// most 500. A hospital key without <c>hospitalId</c> lists its own; with another hospital's it gets 403.
/// </summary>
public sealed record ListSettlements(Caller Caller, string? HospitalId, string? MemberId, DateOnly? From, DateOnly? To, int? Page, int? PageSize)
    : IRequest<Result<SettlementPage>>
{
    /// <summary>Only settlements whose patient held this category on the discharge date (the console's filter).</summary>
    public Category? Category { get; init; }
}

public sealed class ListSettlementsHandler(IHealthStore store) : IRequestHandler<ListSettlements, Result<SettlementPage>>
{
    public const int MaxPageSize = 500;

    public async ValueTask<Result<SettlementPage>> Handle(ListSettlements request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (page, pageSize) = errors.Paging(request.Page, request.PageSize, MaxPageSize);
        errors.Range(request.From, request.To);

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var caller = request.Caller;
        var hospitalId = request.HospitalId;
        if (!caller.IsBureau)
        {
            if (hospitalId is not null && hospitalId != caller.HospitalId)
            {
                return Problem.Forbidden("A hospital key may list only its own settlements.");
            }

            hospitalId = caller.HospitalId;
        }

        var query = store.Settlements.AsNoTracking();
        if (hospitalId is not null)
        {
            query = query.Where(s => s.HospitalId == hospitalId);
        }

        if (request.MemberId is not null)
        {
            query = query.Where(s => s.MemberId == request.MemberId);
        }

        if (request.Category is { } category)
        {
            var set = CategorySets.Of(category);
            query = query.Where(s => (s.Categories & set) == set);
        }

        if (request.From is { } from)
        {
            query = query.Where(s => s.DischargedOn >= from);
        }

        if (request.To is { } to)
        {
            query = query.Where(s => s.DischargedOn <= to);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(s => s.Seq).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var items = await SettlementViews.LoadAsync(store, rows, cancellationToken);
        return Result<SettlementPage>.Ok(new SettlementPage(items, page, pageSize, total));
    }
}
