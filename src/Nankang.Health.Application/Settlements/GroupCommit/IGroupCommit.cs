using Nankang.Health.Application.Common;
using Nankang.Health.Application.Settlements.Booking;

namespace Nankang.Health.Application.Settlements.GroupCommit;

/// <summary>
/// Books a settlement in a durable transaction, alone or with others that arrive meanwhile (implemented in Persistence).
/// Answers only after the commit is durable; throws <see cref="ServiceStoppingException"/> once shutting down.
/// </summary>
public interface IGroupCommit
{
    Task<Result<SettlementView>> BookAsync(PendingSettlement settlement, CancellationToken cancellationToken);
}
