using Nankang.Health.Application.Common;
using Nankang.Health.Application.Settlements.BatchStore;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements.Booking;

/// <summary>
/// Reads what a batch needs, takes the booking decision (<see cref="BookingDecision"/>) and writes its rows; the group commit
/// around it owns the transaction. A preview takes the same decision on a batch of one and writes only its audit.
/// </summary>
public sealed class SettlementBooker(PolicySet policies, TimeProvider clock)
{
    /// <summary>Books the settlements in order, in the caller's transaction, and returns each one's answer.</summary>
    public async Task<Result<SettlementView>[]> BookAsync(ISettlementBatchStore store, IReadOnlyList<PendingSettlement> settlements, CancellationToken ct)
    {
        var state = await store.ReadAsync(settlements, ct);

        // Whole microseconds: what every provider stores exactly, so the answer rebuilt from the row equals the one given.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % 10));
        var (answers, rows) = BookingDecision.Decide(state, settlements, policies, now);
        await store.WriteAsync(rows, ct);
        return answers;
    }

    /// <summary>The answer the settlement would get if booked now; nothing is written but a national-ID mismatch's audit.</summary>
    public async Task<Result<SettlementView>> PreviewAsync(ISettlementBatchStore store, PendingSettlement preview, CancellationToken ct)
    {
        var state = await store.ReadAsync([preview], ct);
        var (answers, rows) = BookingDecision.Decide(state, [preview], policies, clock.GetUtcNow().UtcDateTime);
        if (rows.Audit.Count > 0)
        {
            await store.WriteAuditAsync(rows.Audit, ct);
        }

        return answers[0];
    }
}
