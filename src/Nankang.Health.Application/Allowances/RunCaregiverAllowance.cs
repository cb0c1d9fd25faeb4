using System.Text.Json;
using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Allowances;

/// <summary>The body of a caregiver allowance run.</summary>
public sealed record CaregiverRunBody(int? Year);

/// <summary>The answer of a run: each member evaluated with the months that earn the allowance, and what this run booked.</summary>
public sealed record CaregiverRunView(
    string RunId, int Year, string PolicyVersion, DateTimeOffset RanAt, int MembersEvaluated, int MembersBooked, Money TotalBooked,
    IReadOnlyList<CaregiverDue> Members);

/// <summary>
/// The annual caregiver allowance run (§7, bureau only). Idempotent: each member is booked the entitlement computed from
/// today's registry for the months begun by today (China Standard Time) less what earlier runs booked (a first payment is a Settlement entry, a difference an Adjustment,
/// negative = a recovery); a re-run with nothing changed books nothing. Runs of one year are serialized.
/// </summary>
public sealed record RunCaregiverAllowance(Caller Caller, CaregiverRunBody Body) : IRequest<Result<CaregiverRunView>>;

public sealed class RunCaregiverAllowanceHandler(IHealthStore store, PolicySet policies, TimeProvider clock)
    : IRequestHandler<RunCaregiverAllowance, Result<CaregiverRunView>>
{
    public async ValueTask<Result<CaregiverRunView>> Handle(RunCaregiverAllowance request, CancellationToken cancellationToken)
    {
        if (request.Body.Year is not { } year || year is < 2000 or > 2099)
        {
            return Problem.Validation("year", "must be a year from 2000 to 2099.");
        }

        var policy = policies.For(new DateOnly(year, 12, 31)) ?? policies.For(new DateOnly(year, 1, 1));
        if (policy is null)
        {
            return Problem.Unprocessable($"No policy covers {year}.");
        }

        await using var tx = await store.BeginWriteAsync(cancellationToken);
        // The booking time is taken once the write has begun, never before it waited for a month's close.
        var now = clock.GetUtcNow();
        // The member-year lock under a reserved name serializes the runs of a year on PostgreSQL and SQL Server.
        await store.LockMemberYearAsync("run:caregiver", year, cancellationToken);
        // Only months begun by today in district time are paid: a run in September pays no October in advance.
        var today = DateOnly.FromDateTime(now.ToOffset(StatementMonth.Offset).DateTime);
        var dues = await CaregiverEntitlements.ComputeAsync(store, policy.CaregiverAllowance, year, today, cancellationToken);
        var runId = $"CR{Guid.CreateVersion7(now):N}";
        var booked = dues.Where(d => !d.Due.IsZero).ToList();
        foreach (var due in booked)
        {
            store.AllowanceEntries.Add(new AllowanceEntryRow
            {
                Kind = due.PaidBefore.IsZero ? LedgerEntryKind.Settlement : LedgerEntryKind.Adjustment,
                Line = AllowanceLines.Caregiver,
                MemberId = due.MemberId,
                Year = year,
                MonthsJson = CaregiverEntitlements.MonthsJson(due.Months),
                Amount = due.Due.Fen,
                BookedAt = now.UtcDateTime,
                KeyId = request.Caller.KeyId,
                RunId = runId,
            });
        }

        var ranAt = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var total = booked.Aggregate(Money.Zero, (sum, d) => sum + d.Due);
        var view = new CaregiverRunView(runId, year, policy.Version, ranAt, dues.Count, booked.Count, total, dues);
        store.AllowanceRuns.Add(new AllowanceRunRow
        {
            Id = runId,
            Year = year,
            RanAt = ranAt.UtcDateTime,
            KeyId = request.Caller.KeyId,
            MembersBooked = booked.Count,
            TotalBooked = total.Fen,
            ResultJson = JsonSerializer.Serialize(view, HealthJson.Options),
        });
        Audit.Record(store, request.Caller, now.UtcDateTime, "allowance.caregiver.run", $"run:{runId}", 201);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<CaregiverRunView>.Ok(view, 201);
    }
}
