using Nankang.Health.Application.Data;
using Nankang.Health.Application.Settlements.Booking;

namespace Nankang.Health.Application.Settlements.BatchStore;

/// <summary>
/// The settle path's port to the database: one batch's reads and writes, typed. Implemented in Persistence with one
/// plain command per table whose SQL is the same whatever the batch; the caller owns the transaction.
/// </summary>
public interface ISettlementBatchStore
{
    /// <summary>The registry, keys, visits and accumulators the settlements need, read in one query per table.</summary>
    Task<BatchSnapshot> ReadAsync(IReadOnlyList<PendingSettlement> settlements, CancellationToken cancellationToken);

    /// <summary>Inserts (and for changed accumulators updates) the rows, in the order the foreign keys need.</summary>
    Task WriteAsync(BatchRows rows, CancellationToken cancellationToken);

    /// <summary>Saves audit rows on their own, outside any booking (a preview's national-ID mismatch).</summary>
    Task WriteAuditAsync(IReadOnlyList<AuditRow> rows, CancellationToken cancellationToken);
}
