using System.Text.Json;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Members;
using Nankang.Health.Application.Settlements.Booking;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements;

/// <summary>Builds the contract's settlement views from the engine's result or from the stored ledger rows.</summary>
public static class SettlementViews
{
    public static IReadOnlyList<LineView> Lines(in SettlementResult result, Settlement.Policies.SettlementPolicy policy)
    {
        var lines = new LineView[Funds.All.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var fund = Funds.All[i];
            var line = result.Line(fund);
            lines[i] = new LineView(fund.Key(), policy.FundCode(fund), line.Amount, line.Explain()) { Figures = line };
        }

        return lines;
    }

    /// <summary>The view of a result that is not (or not yet) read back from the ledger.</summary>
    public static SettlementView FromResult(
        in SettlementResult result, Intake intake, string? settlementId, string status, DateTimeOffset? bookedAt, IReadOnlyList<LineView> lines)
    {
        var payments = PaymentsView.Of(result.Payments);
        return new SettlementView(
            settlementId, status, intake.Body.HospitalId!, intake.Body.VisitNo!, intake.Body.MemberId!, intake.Claim.Year, result.PolicyVersion,
            bookedAt, result.Split.TotalCost, result.Split.InScope, result.Split.PreSelfPay, result.Split.OutOfScope, result.Split.OverLimit,
            payments, result.Payments.Total, result.PatientPays, result.ReimbursementRatioBasisPoints / 10_000m, lines,
            AccumulatorsView.Of(intake.Body.MemberId!, intake.Claim.Year, result.After), [], new NetView(payments, result.PatientPays));
    }

    /// <summary>Reads the views of stored settlements with their adjustments, reversals and status, in the given order.</summary>
    public static async Task<IReadOnlyList<SettlementView>> LoadAsync(IHealthStore store, IReadOnlyList<SettlementRow> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var entries = await store.LedgerEntries.AsNoTracking()
            .Where(e => ids.Contains(e.SettlementId) && e.Kind != LedgerEntryKind.Settlement)
            .OrderBy(e => e.Seq)
            .ToListAsync(ct);
        var voided = (await store.Voids.AsNoTracking().Where(v => ids.Contains(v.SettlementId)).Select(v => v.SettlementId).ToListAsync(ct)).ToHashSet();
        var byId = entries.ToLookup(e => e.SettlementId);
        return [.. rows.Select(r => View(r, byId[r.Id].ToList(), voided.Contains(r.Id)))];
    }

    public static SettlementView View(SettlementRow r, IReadOnlyList<LedgerEntryRow> laterEntries, bool voided)
    {
        var net = r.Amounts();
        var payments = net.Payments;
        var adjustments = new List<AdjustmentView>();
        foreach (var e in laterEntries)
        {
            var amounts = e.Amounts();
            net += amounts;
            if (e.Kind == LedgerEntryKind.Adjustment)
            {
                adjustments.Add(new AdjustmentView(e.CausedBy ?? string.Empty, Utc(e.BookedAt), PaymentsView.Of(amounts.Payments), amounts.PatientPays));
            }
        }

        var status = voided ? SettlementStatus.Voided : adjustments.Count > 0 ? SettlementStatus.Adjusted : SettlementStatus.Settled;
        var accumulators = JsonSerializer.Deserialize<AccumulatorsView>(r.AccumulatorsAfterJson, HealthJson.Options)!;
        var lines = JsonSerializer.Deserialize<List<LineView>>(r.LinesJson, HealthJson.Options)!;
        return new SettlementView(
            r.Id, status, r.HospitalId, r.VisitNo, r.MemberId, r.Year, r.PolicyVersion, Utc(r.BookedAt),
            new(r.TotalCost), new(r.InScope), new(r.PreSelfPay), new(r.OutOfScope), new(r.OverLimit),
            PaymentsView.Of(payments), payments.Total, new(r.PatientPays), r.ReimbursementRatioBp / 10_000m, lines, accumulators, adjustments,
            new NetView(PaymentsView.Of(net.Payments), net.PatientPays));
    }

    /// <summary>
    /// A ledger line of <paramref name="kind"/> on a settlement with its net amounts; <paramref name="causedBy"/> names the
    /// void or re-settlement that caused an adjustment or reversal.
    /// </summary>
    public static LedgerEntryRow Entry(
        LedgerEntryKind kind, string settlementId, string hospitalId, string memberId, int year, NetAmounts amounts, DateTime at, string keyId,
        string? causedBy = null)
    {
        var entry = new LedgerEntryRow
        {
            Kind = kind,
            SettlementId = settlementId,
            CausedBy = causedBy,
            HospitalId = hospitalId,
            MemberId = memberId,
            Year = year,
            BookedAt = at,
            KeyId = keyId,
        };
        entry.SetAmounts(amounts);
        return entry;
    }

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
