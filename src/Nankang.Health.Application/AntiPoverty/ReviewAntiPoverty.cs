using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.AntiPoverty;

/// <summary>The body of a review: <c>Approved</c> or <c>Rejected</c>, and why.</summary>
public sealed record AntiPovertyReviewBody(string? Decision, string? Reason);

/// <summary>A recorded decision on a member-year, and how many decisions the member-year has had (this one included).</summary>
public sealed record AntiPovertyReviewView(string MemberId, int Year, string Decision, string Reason, string DecidedBy, DateTimeOffset DecidedAt, int Decisions);

/// <summary>
/// Records the poverty office's decision on a member-year (bureau only): appended, never replaced; the latest stands and the
/// next run books by it. Audited. 404 for an unknown member, 400 naming the field for a bad body or year.
/// </summary>
public sealed record ReviewAntiPoverty(Caller Caller, string MemberId, int Year, AntiPovertyReviewBody Body) : IRequest<Result<AntiPovertyReviewView>>;

public sealed class ReviewAntiPovertyHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<ReviewAntiPoverty, Result<AntiPovertyReviewView>>
{
    public async ValueTask<Result<AntiPovertyReviewView>> Handle(ReviewAntiPoverty request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var errors = new ValidationErrors();
        if (request.Year is < 2000 or > 2099)
        {
            errors.Add("year", "must be a year from 2000 to 2099.");
        }

        errors.Required("decision", body.Decision);
        if (body.Decision is { } d && d is not (AntiPovertyDecisions.Approved or AntiPovertyDecisions.Rejected))
        {
            errors.Add("decision", "must be Approved or Rejected.");
        }

        errors.Required("reason", string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason);
        errors.MaxLength("reason", body.Reason, 500);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!await store.Members.AsNoTracking().AnyAsync(m => m.Id == request.MemberId, cancellationToken))
        {
            return Problem.NotFound($"No member {request.MemberId}.");
        }

        await using var tx = await store.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        // The same lock as the year's run: a decision lands wholly before or after a run, never during it.
        await store.LockMemberYearAsync("run:anti-poverty", request.Year, cancellationToken);
        var earlier = await store.AntiPovertyReviews.CountAsync(r => r.MemberId == request.MemberId && r.Year == request.Year, cancellationToken);
        var row = new AntiPovertyReviewRow
        {
            MemberId = request.MemberId,
            Year = request.Year,
            Decision = body.Decision!,
            Reason = body.Reason!,
            DecidedAt = now,
            KeyId = request.Caller.KeyId,
        };
        store.AntiPovertyReviews.Add(row);
        Audit.Record(store, request.Caller, now, "anti-poverty.review", $"member:{request.MemberId}/{request.Year}", 201);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        var state = AntiPovertyYear.State(row);
        return Result<AntiPovertyReviewView>.Ok(
            new AntiPovertyReviewView(row.MemberId, row.Year, row.Decision, row.Reason, row.KeyId, state.DecidedAt!.Value, earlier + 1), 201);
    }
}
