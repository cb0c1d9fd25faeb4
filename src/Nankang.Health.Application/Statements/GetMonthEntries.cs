using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Statements;

/// <summary>
/// The settlement ledger entries booked in a month (China Standard Time), grouped by hospital: what the statement's
/// hospital payees sum, one entry at a time (for the FHIR PaymentReconciliation). The bureau gets every hospital, a
/// hospital key its own part only. Allowances paid to households are not settlements and are not listed.
/// </summary>
public sealed record GetMonthEntries(Caller Caller, string Month) : IRequest<Result<MonthEntriesView>>;

/// <summary>One ledger entry: the settlement it moves, its kind (Settlement, Reversal, Adjustment), when, and its amounts.</summary>
public sealed record MonthEntry(string SettlementId, string Kind, DateTimeOffset BookedAt, PaymentsView Payments, Money FundTotal, Money PatientPays);

/// <summary>A hospital's entries of the month in booking order, and their fund total (the statement's net for the hospital).</summary>
public sealed record HospitalMonthEntries(string HospitalId, string HospitalName, IReadOnlyList<MonthEntry> Entries, Money FundTotal);

public sealed record MonthEntriesView(string Month, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<HospitalMonthEntries> Hospitals);

public sealed class GetMonthEntriesHandler(IHealthStore store) : IRequestHandler<GetMonthEntries, Result<MonthEntriesView>>
{
    public async ValueTask<Result<MonthEntriesView>> Handle(GetMonthEntries request, CancellationToken cancellationToken)
    {
        if (!StatementMonth.TryParse(request.Month, out var month))
        {
            return Problem.Validation("month", "must be a month as yyyy-MM.");
        }

        var (from, to) = (month.StartUtc, month.EndUtc);
        var query = store.LedgerEntries.AsNoTracking().Where(e => e.BookedAt >= from && e.BookedAt < to);
        if (!request.Caller.IsBureau)
        {
            var own = request.Caller.HospitalId;
            query = query.Where(e => e.HospitalId == own);
        }

        var rows = await query.OrderBy(e => e.Seq).ToListAsync(cancellationToken);
        var hospitalIds = rows.Select(e => e.HospitalId).Distinct().ToList();
        var names = await store.Hospitals.AsNoTracking().Where(h => hospitalIds.Contains(h.Id))
            .ToDictionaryAsync(h => h.Id, h => h.Name, cancellationToken);
        var hospitals = rows.GroupBy(e => e.HospitalId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var entries = g.Select(e =>
            {
                var amounts = e.Amounts();
                return new MonthEntry(
                    e.SettlementId, e.Kind.ToString(), SettlementViews.Utc(e.BookedAt), PaymentsView.Of(amounts.Payments), amounts.Payments.Total, amounts.PatientPays);
            }).ToList();
            return new HospitalMonthEntries(g.Key, names[g.Key], entries, entries.Aggregate(Money.Zero, (sum, e) => sum + e.FundTotal));
        }).ToList();
        return Result<MonthEntriesView>.Ok(new MonthEntriesView(month.ToString(), month.Start, month.End, hospitals));
    }
}
