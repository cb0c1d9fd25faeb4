using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Allowances;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Allowances;

/// <summary>The body of a rehabilitation claim: the child, the service month (yyyy-MM), the condition and the month's actual cost.</summary>
public sealed record RehabClaimBody(string? MemberId, string? Month, RehabCondition? Condition, Money? ActualCost);

/// <summary>A rehabilitation claim: what was paid under which cap, and whether it has been voided.</summary>
public sealed record RehabClaimView(
    string ClaimId, string MemberId, string Month, RehabCondition Condition, Money ActualCost, Money Cap, Money Amount, string Explanation,
    string Status, DateTimeOffset BookedAt, DateTimeOffset? VoidedAt, string? VoidReason)
{
    /// <summary>The claim with its explanation in Chinese. A stored claim was paid (a refused one is a 422, never stored): min(cost, cap).</summary>
    public RehabClaimView InChinese() => this with { Explanation = $"救助金额 = min(实际费用 {ActualCost}，月限额 {Cap}) = {Amount}" };
}

public sealed record RehabVoidBody(string? Reason);

/// <summary>
/// Pays a disabled child's rehabilitation for one month (§7, bureau only): poor and under the age limit on the month's
/// first day, at most the policy's paid months per calendar year, the actual cost up to the condition's cap. A claim the
/// rules refuse → 422 with the reason, nothing stored. One claim per child and month: a second while the first stands → 409.
/// </summary>
public sealed record ClaimChildRehabilitation(Caller Caller, RehabClaimBody Body) : IRequest<Result<RehabClaimView>>;

/// <summary>Voids a rehabilitation claim: appends a reversal; the month may then be claimed again. Voiding again → 409.</summary>
public sealed record VoidChildRehabilitation(Caller Caller, string ClaimId, RehabVoidBody Body) : IRequest<Result<RehabClaimView>>;

public sealed record GetChildRehabilitationClaim(string ClaimId) : IRequest<Result<RehabClaimView>>;

public sealed class ClaimChildRehabilitationHandler(IHealthStore store, PolicySet policies, TimeProvider clock)
    : IRequestHandler<ClaimChildRehabilitation, Result<RehabClaimView>>
{
    public async ValueTask<Result<RehabClaimView>> Handle(ClaimChildRehabilitation request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        errors.Required("memberId", body.MemberId);
        errors.MaxLength("memberId", body.MemberId, 64);
        var month = StatementMonth.Started(errors, "month", body.Month, now);

        errors.Required("condition", body.Condition);
        if (body.ActualCost is not { } cost)
        {
            errors.Add("actualCost", "is required.");
        }
        else if (cost.IsNegative || cost > Money.MaxInput)
        {
            errors.Add("actualCost", "must be from 0 to 100,000,000.00.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var member = await store.Members.AsNoTracking().Include(m => m.Categories).SingleOrDefaultAsync(m => m.Id == body.MemberId, cancellationToken);
        if (member is null)
        {
            return Problem.Validation("memberId", $"no member {body.MemberId}.");
        }

        var firstDay = new DateOnly(month.Year, month.Month, 1);
        if (policies.For(firstDay) is not { } policy)
        {
            return Problem.Unprocessable($"No policy covers {month}.");
        }

        await using var tx = await store.BeginWriteAsync(cancellationToken);
        // The booking time is taken once the write has begun, never before it waited for a month's close.
        now = clock.GetUtcNow();
        await store.LockMemberYearAsync($"rehab:{member.Id}", month.Year, cancellationToken);
        var claims = await store.RehabClaims.AsNoTracking()
            .Where(c => c.MemberId == member.Id && c.Year == month.Year && !store.RehabClaimVoids.Any(v => v.ClaimId == c.Id))
            .ToListAsync(cancellationToken);
        if (claims.Find(c => c.Month == month.Month) is { } existing)
        {
            return Problem.Conflict($"Child {member.Id} already has claim {existing.Id} for {month}.",
                new Dictionary<string, object?> { ["existingClaimId"] = existing.Id });
        }

        var decision = ChildRehabilitation.Assess(
            member.BirthDate, month.Year, month.Month, body.Condition!.Value, body.ActualCost!.Value,
            [.. member.Categories.Select(c => new CategoryPeriod(c.Category, c.From, c.To))], claims.Count, policy.ChildRehabilitation);
        if (!decision.Paid)
        {
            return new Problem(422, "The claim is refused.", decision.Explain(), null,
                new Dictionary<string, object?> { ["refusal"] = decision.Refusal.ToString() });
        }

        var row = new RehabClaimRow
        {
            Id = $"RC{Guid.CreateVersion7(now):N}",
            MemberId = member.Id,
            Year = month.Year,
            Month = month.Month,
            Condition = body.Condition!.Value,
            ActualCost = body.ActualCost!.Value.Fen,
            Cap = decision.Cap.Fen,
            Amount = decision.Amount.Fen,
            PolicyVersion = policy.Version,
            BookedAt = Truncate(now.UtcDateTime),
            KeyId = request.Caller.KeyId,
        };
        store.RehabClaims.Add(row);
        store.AllowanceEntries.Add(Entry(row, LedgerEntryKind.Settlement, row.Amount, row.BookedAt, request.Caller.KeyId));
        Audit.Record(store, request.Caller, now.UtcDateTime, "allowance.rehab.claim", $"rehab-claim:{row.Id}", 201);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<RehabClaimView>.Ok(View(row, null), 201);
    }

    internal static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    internal static AllowanceEntryRow Entry(RehabClaimRow claim, LedgerEntryKind kind, long amount, DateTime at, string keyId) => new()
    {
        Kind = kind,
        Line = AllowanceLines.ChildRehabilitation,
        MemberId = claim.MemberId,
        Year = claim.Year,
        MonthsJson = CaregiverEntitlements.MonthsJson([claim.Month]),
        Amount = amount,
        BookedAt = at,
        KeyId = keyId,
        ClaimId = claim.Id,
    };

    internal static RehabClaimView View(RehabClaimRow c, RehabClaimVoidRow? v)
    {
        var decision = new RehabDecision(new Money(c.Amount), RehabRefusal.None, new Money(c.Cap));
        return new RehabClaimView(
            c.Id, c.MemberId, new StatementMonth(c.Year, c.Month).ToString(), c.Condition, new Money(c.ActualCost), decision.Cap, decision.Amount,
            decision.Explain(), v is null ? "Paid" : "Voided", Utc(c.BookedAt), v is null ? null : Utc(v.VoidedAt), v?.Reason);
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

public sealed class VoidChildRehabilitationHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<VoidChildRehabilitation, Result<RehabClaimView>>
{
    public async ValueTask<Result<RehabClaimView>> Handle(VoidChildRehabilitation request, CancellationToken cancellationToken)
    {
        var claim = await store.RehabClaims.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ClaimId, cancellationToken);
        if (claim is null)
        {
            return Problem.NotFound($"No rehabilitation claim {request.ClaimId}.");
        }

        var errors = new ValidationErrors();
        errors.Required("reason", request.Body.Reason);
        errors.MaxLength("reason", request.Body.Reason, 500);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var tx = await store.BeginWriteAsync(cancellationToken);
        var now = ClaimChildRehabilitationHandler.Truncate(clock.GetUtcNow().UtcDateTime);
        await store.LockMemberYearAsync($"rehab:{claim.MemberId}", claim.Year, cancellationToken);
        if (await store.RehabClaimVoids.AnyAsync(v => v.ClaimId == claim.Id, cancellationToken))
        {
            return Problem.Conflict($"Rehabilitation claim {claim.Id} is already voided.");
        }

        var voidRow = new RehabClaimVoidRow { ClaimId = claim.Id, Reason = request.Body.Reason!, VoidedAt = now, KeyId = request.Caller.KeyId };
        store.RehabClaimVoids.Add(voidRow);
        store.AllowanceEntries.Add(ClaimChildRehabilitationHandler.Entry(claim, LedgerEntryKind.Reversal, -claim.Amount, now, request.Caller.KeyId));
        Audit.Record(store, request.Caller, now, "allowance.rehab.void", $"rehab-claim:{claim.Id}", 200);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<RehabClaimView>.Ok(ClaimChildRehabilitationHandler.View(claim, voidRow));
    }
}

public sealed class GetChildRehabilitationClaimHandler(IHealthStore store) : IRequestHandler<GetChildRehabilitationClaim, Result<RehabClaimView>>
{
    public async ValueTask<Result<RehabClaimView>> Handle(GetChildRehabilitationClaim request, CancellationToken cancellationToken)
    {
        var claim = await store.RehabClaims.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ClaimId, cancellationToken);
        if (claim is null)
        {
            return Problem.NotFound($"No rehabilitation claim {request.ClaimId}.");
        }

        var voidRow = await store.RehabClaimVoids.AsNoTracking().SingleOrDefaultAsync(v => v.ClaimId == claim.Id, cancellationToken);
        return Result<RehabClaimView>.Ok(ClaimChildRehabilitationHandler.View(claim, voidRow));
    }
}
