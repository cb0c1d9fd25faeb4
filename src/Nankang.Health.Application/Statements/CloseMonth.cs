using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Statements;

/// <summary>
/// Closes a month (bureau only): computes its statement and freezes it, in the write transaction, so later reads give
/// identical bytes, with the name of every hospital registered then (a hospital's part reads the same after a rename,
/// also when it booked nothing that month). Only a month that has ended (China Standard Time) can be closed, so every entry booked afterwards —
/// a late void, an adjustment, an allowance — carries a later booking time and lands in the month it is booked in, which
/// is still open. The close's transaction waits for the writes in progress to end and holds back new ones until it
/// commits (<see cref="IHealthStore.BeginMonthCloseAsync"/>), so a write that took its booking time in the month just
/// before it ended is in the closed statement, never in neither month. Closing again → 409.
/// </summary>
public sealed record CloseMonth(Caller Caller, string Month) : IRequest<Result<StatementView>>;

public sealed class CloseMonthHandler(IHealthStore store, PolicySet policies, TimeProvider clock) : IRequestHandler<CloseMonth, Result<StatementView>>
{
    public async ValueTask<Result<StatementView>> Handle(CloseMonth request, CancellationToken cancellationToken)
    {
        if (!StatementMonth.TryParse(request.Month, out var month))
        {
            return Problem.Validation("month", "must be a month as yyyy-MM.");
        }

        var now = clock.GetUtcNow();
        if (now < month.End)
        {
            return Problem.Conflict($"Month {month} has not ended (it ends at {month.End:yyyy-MM-dd'T'HH:mm:sszzz}); only an ended month can be closed.");
        }

        var key = month.ToString();
        await using var tx = await store.BeginMonthCloseAsync(cancellationToken);
        if (await store.StatementClosures.AnyAsync(c => c.Month == key, cancellationToken))
        {
            return Problem.Conflict($"Month {month} is already closed.");
        }

        var policy = MonthStatements.PolicyOf(policies, month);
        var closedAt = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var statement = MonthStatements.AsClosed(await MonthStatements.ComputeAsync(store, policy, month, null, cancellationToken), closedAt);
        store.StatementClosures.Add(new StatementClosureRow { Month = key, ClosedAt = closedAt.UtcDateTime, KeyId = request.Caller.KeyId });
        var hospitals = await store.Hospitals.AsNoTracking().Select(h => new { h.Id, h.Name }).ToListAsync(cancellationToken);
        store.StatementLines.AddRange(MonthStatements.Freeze(statement, hospitals.Select(h => (h.Id, h.Name))));
        Audit.Record(store, request.Caller, now.UtcDateTime, "statement.close", $"month:{key}", 200);
        try
        {
            await store.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (store.IsUniqueViolation(e))
        {
            return Problem.Conflict($"Month {month} is already closed.");
        }

        await tx.CommitAsync(cancellationToken);
        return Result<StatementView>.Ok(statement);
    }
}
