using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.AuditTrail;

/// <summary>One audit row: who (key id, role, hospital), what (action, target), when, and the outcome (HTTP status).</summary>
public sealed record AuditEntryView(long Seq, DateTimeOffset At, string KeyId, string Role, string? HospitalId, string Action, string Target, int Status);

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, int Total);

/// <summary>
/// Lists the audit log (bureau only) in recording order, filtered by time (<c>from</c> inclusive, <c>to</c> exclusive), key
/// id and action; pages start at 1 and hold at most 500.
/// </summary>
public sealed record ListAuditEntries(Caller Caller, DateTimeOffset? From, DateTimeOffset? To, string? KeyId, string? Action, int? Page, int? PageSize)
    : IRequest<Result<AuditPage>>;

public sealed class ListAuditEntriesHandler(IHealthStore store) : IRequestHandler<ListAuditEntries, Result<AuditPage>>
{
    public const int MaxPageSize = 500;

    public async ValueTask<Result<AuditPage>> Handle(ListAuditEntries request, CancellationToken cancellationToken)
    {
        if (!request.Caller.IsBureau)
        {
            return Problem.Forbidden("Only the bureau reads the audit log.");
        }

        var errors = new ValidationErrors();
        var (page, pageSize) = errors.Paging(request.Page, request.PageSize, MaxPageSize);
        errors.Range(request.From, request.To);

        errors.MaxLength("keyId", request.KeyId, 64);
        errors.MaxLength("action", request.Action, 64);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var query = store.AuditLog.AsNoTracking();
        if (request.From is { } from)
        {
            var at = from.UtcDateTime;
            query = query.Where(a => a.At >= at);
        }

        if (request.To is { } to)
        {
            var at = to.UtcDateTime;
            query = query.Where(a => a.At < at);
        }

        if (request.KeyId is not null)
        {
            query = query.Where(a => a.KeyId == request.KeyId);
        }

        if (request.Action is not null)
        {
            query = query.Where(a => a.Action == request.Action);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(a => a.Seq).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var items = rows.Select(a => new AuditEntryView(
            a.Seq, new DateTimeOffset(DateTime.SpecifyKind(a.At, DateTimeKind.Utc)), a.KeyId, a.Role, a.HospitalId, a.Action, a.Target, a.Status)).ToList();
        return Result<AuditPage>.Ok(new AuditPage(items, page, pageSize, total));
    }
}
