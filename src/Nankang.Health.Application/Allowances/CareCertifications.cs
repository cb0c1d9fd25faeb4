using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Allowances;

/// <summary>One certification of long-term disability (失能): the condition as the bureau names it, from and to inclusive (to null = open).</summary>
public sealed record CareCertificationDto(string? Condition, DateOnly? From, DateOnly? To);

/// <summary>The body of <c>PUT /members/{memberId}/care-certifications</c>: the member's complete list.</summary>
public sealed record CareCertificationsBody(IReadOnlyList<CareCertificationDto>? Certifications);

public sealed record CareCertificationsView(string MemberId, IReadOnlyList<CareCertificationDto> Certifications);

/// <summary>Replaces a member's care certifications (bureau only); unknown member → 404.</summary>
public sealed record PutCareCertifications(Caller Caller, string MemberId, CareCertificationsBody Body) : IRequest<Result<CareCertificationsView>>;

/// <summary>Reads a member's care certifications (bureau only).</summary>
public sealed record GetCareCertifications(string MemberId) : IRequest<Result<CareCertificationsView>>;

public sealed class PutCareCertificationsHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<PutCareCertifications, Result<CareCertificationsView>>
{
    public async ValueTask<Result<CareCertificationsView>> Handle(PutCareCertifications request, CancellationToken cancellationToken)
    {
        var list = request.Body.Certifications;
        var errors = new ValidationErrors();
        errors.Required("certifications", list);
        for (var i = 0; list is not null && i < list.Count; i++)
        {
            var c = list[i];
            if (c is null)
            {
                errors.Add($"certifications[{i}]", "is required.");
                continue;
            }

            errors.Required($"certifications[{i}].condition", c.Condition);
            errors.MaxLength($"certifications[{i}].condition", c.Condition, 100);
            errors.Required($"certifications[{i}].from", c.From);
            if (c.From is { } from && c.To is { } to && to < from)
            {
                errors.Add($"certifications[{i}].to", "must not be before from.");
            }
        }

        if (list is { Count: > 50 })
        {
            errors.Add("certifications", "at most 50.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        if (!await store.Members.AnyAsync(m => m.Id == request.MemberId, cancellationToken))
        {
            return Problem.NotFound($"No member {request.MemberId}.");
        }

        store.CareCertifications.RemoveRange(await store.CareCertifications.Where(c => c.MemberId == request.MemberId).ToListAsync(cancellationToken));
        store.CareCertifications.AddRange(list!.Select(c => new CareCertificationRow
        {
            MemberId = request.MemberId, Condition = c.Condition!.Trim(), From = c.From!.Value, To = c.To,
        }));
        Audit.Record(store, request.Caller, now, "member.care-certifications.replace", $"member:{request.MemberId}", 200);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<CareCertificationsView>.Ok(new CareCertificationsView(request.MemberId,
            [.. list!.OrderBy(c => c.From).Select(c => c with { Condition = c.Condition!.Trim() })]));
    }
}

public sealed class GetCareCertificationsHandler(IHealthStore store) : IRequestHandler<GetCareCertifications, Result<CareCertificationsView>>
{
    public async ValueTask<Result<CareCertificationsView>> Handle(GetCareCertifications request, CancellationToken cancellationToken)
    {
        if (!await store.Members.AnyAsync(m => m.Id == request.MemberId, cancellationToken))
        {
            return Problem.NotFound($"No member {request.MemberId}.");
        }

        var rows = await store.CareCertifications.AsNoTracking().Where(c => c.MemberId == request.MemberId).OrderBy(c => c.From).ToListAsync(cancellationToken);
        return Result<CareCertificationsView>.Ok(new CareCertificationsView(request.MemberId, [.. rows.Select(c => new CareCertificationDto(c.Condition, c.From, c.To))]));
    }
}
