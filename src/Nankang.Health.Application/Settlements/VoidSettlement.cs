using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// Voids a settlement (§6): in one transaction, serialized per member-year, appends the void, the reversal of its net
/// amounts, and for each later settlement of the member-year the adjustment the core computes by re-settling it with its
/// captured inputs and the policy each stands under (<see cref="PolicyInForce"/>: the booked one, or a written what-if's);
/// the accumulators become those of the remaining settlements. Voiding again → 409. A hospital's answer lists only the
/// adjustments to its own settlements; the bureau's lists all.
/// </summary>
public sealed record VoidSettlement(Caller Caller, string SettlementId, VoidBody Body) : IRequest<Result<VoidView>>;

public sealed class VoidSettlementHandler(IHealthStore store, PolicySet policies, TimeProvider clock) : IRequestHandler<VoidSettlement, Result<VoidView>>
{
    public async ValueTask<Result<VoidView>> Handle(VoidSettlement request, CancellationToken cancellationToken)
    {
        var target = await store.Settlements.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SettlementId, cancellationToken);
        if (target is null || !request.Caller.ActsFor(target.HospitalId))
        {
            return Problem.NotFound($"No settlement {request.SettlementId}.");
        }

        var errors = new ValidationErrors();
        errors.Required("reason", request.Body.Reason);
        errors.MaxLength("reason", request.Body.Reason, 500);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await VoidAsync(request, target, cancellationToken);
            }
            catch (Exception e) when (store.IsUniqueViolation(e) && attempt < 3)
            {
                store.Reset();
            }
        }
    }

    private async Task<Result<VoidView>> VoidAsync(VoidSettlement request, SettlementRow target, CancellationToken ct)
    {
        await using var tx = await store.BeginWriteAsync(ct);
        await store.LockMemberYearAsync(target.MemberId, target.Year, ct);
        if (await store.Voids.AnyAsync(v => v.SettlementId == target.Id, ct))
        {
            return Problem.Conflict($"Settlement {target.Id} is already voided.");
        }

        var active = await store.Settlements.AsNoTracking()
            .Where(s => s.MemberId == target.MemberId && s.Year == target.Year && !store.Voids.Any(v => v.SettlementId == s.Id))
            .OrderBy(s => s.Seq)
            .ToListAsync(ct);
        var ids = active.Select(s => s.Id).ToList();
        var entries = await store.LedgerEntries.AsNoTracking()
            .Where(e => ids.Contains(e.SettlementId))
            .ToListAsync(ct);
        var net = entries.GroupBy(e => e.SettlementId)
            .ToDictionary(g => g.Key, g => g.Aggregate(default(NetAmounts), (sum, e) => sum + e.Amounts()));
        var accRow = await store.Accumulators.SingleAsync(a => a.MemberId == target.MemberId && a.Year == target.Year, ct);
        var inForce = await PolicyInForce.ForMemberYearAsync(store, policies, accRow, ct);
        var chain = active.Select(s => new ChainEntry(SettleClaimHandler.CapturedClaim(s), inForce.Of(s))).ToList();
        var voidIndex = ids.IndexOf(target.Id);
        var outcome = YearChain.Void(chain, [.. ids.Select(id => net[id])], voidIndex);

        var now = clock.GetUtcNow().UtcDateTime;
        var keyId = request.Caller.KeyId;
        store.Voids.Add(new VoidRow { SettlementId = target.Id, Reason = request.Body.Reason!, VoidedAt = now, KeyId = keyId });
        store.LedgerEntries.Add(Entry(LedgerEntryKind.Reversal, target, target.Id, outcome.Reversal, now, keyId));
        var adjustments = new List<VoidAdjustmentView>();
        foreach (var adjustment in outcome.Adjustments)
        {
            var later = active[adjustment.Index];
            store.LedgerEntries.Add(Entry(LedgerEntryKind.Adjustment, later, target.Id, adjustment.Difference, now, keyId));

            // Another hospital's settlement and amounts are not the caller's to see; that hospital reads its adjustment on
            // its own settlement (GET /settlements/{id}).
            if (!request.Caller.ActsFor(later.HospitalId))
            {
                continue;
            }

            adjustments.Add(new VoidAdjustmentView(later.Id, PaymentsView.Of(adjustment.Difference.Payments), adjustment.Difference.PatientPays));
        }

        AccumulatorStore.Write(accRow, outcome.Accumulators, now);
        Audit.Record(store, request.Caller, now, "settlement.void", $"settlement:{target.Id}", 200);
        await store.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var voided = (await SettlementViews.LoadAsync(store, [target], ct))[0];
        return Result<VoidView>.Ok(new VoidView(voided, adjustments));
    }

    private static LedgerEntryRow Entry(LedgerEntryKind kind, SettlementRow settlement, string causedBy, NetAmounts amounts, DateTime now, string keyId) =>
        SettlementViews.Entry(kind, settlement.Id, settlement.HospitalId, settlement.MemberId, settlement.Year, amounts, now, keyId, causedBy);
}
