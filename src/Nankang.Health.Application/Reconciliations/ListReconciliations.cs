using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Reconciliations;

/// <summary>A stored reconciliation in a list.</summary>
public sealed record ReconciliationSummary(string ReconciliationId, string HospitalId, string Month, DateTimeOffset SubmittedAt, string Verdict);

/// <summary>
/// The stored reconciliations, newest first, filtered by hospital and month (at most 500). A hospital key lists its own;
/// asking for another hospital's → 403.
/// </summary>
public sealed record ListReconciliations(Caller Caller, string? HospitalId, string? Month) : IRequest<Result<IReadOnlyList<ReconciliationSummary>>>;

public sealed class ListReconciliationsHandler(IHealthStore store) : IRequestHandler<ListReconciliations, Result<IReadOnlyList<ReconciliationSummary>>>
{
    public async ValueTask<Result<IReadOnlyList<ReconciliationSummary>>> Handle(ListReconciliations request, CancellationToken cancellationToken)
    {
        var hospitalId = request.HospitalId;
        if (!request.Caller.IsBureau)
        {
            if (hospitalId is not null && hospitalId != request.Caller.HospitalId)
            {
                return Problem.Forbidden("A hospital key lists only its own reconciliations.");
            }

            hospitalId = request.Caller.HospitalId;
        }

        if (request.Month is not null && !Statements.StatementMonth.TryParse(request.Month, out _))
        {
            return Problem.Validation("month", "must be a month as yyyy-MM.");
        }

        var query = store.Reconciliations.AsNoTracking();
        if (hospitalId is not null)
        {
            query = query.Where(r => r.HospitalId == hospitalId);
        }

        if (request.Month is not null)
        {
            query = query.Where(r => r.Month == request.Month);
        }

        var rows = await query.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).Take(500)
            .Select(r => new { r.Id, r.HospitalId, r.Month, r.SubmittedAt, r.Verdict })
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<ReconciliationSummary>>.Ok(
            [.. rows.Select(r => new ReconciliationSummary(r.Id, r.HospitalId, r.Month, new DateTimeOffset(DateTime.SpecifyKind(r.SubmittedAt, DateTimeKind.Utc)), r.Verdict))]);
    }
}
