using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Statements;

/// <summary>
/// Computes a month's statement from the ledger (two grouped queries: claims by hospital and kind, allowances by line and
/// kind), freezes it into rows and rebuilds it from those rows (the same rows give the same answer; its spreadsheets are the API's ExportTables).
/// </summary>
public static class MonthStatements
{
    public const string Households = "households";
    public const string HouseholdsName = "困难群众家庭（直接发放）";
    public const string Open = "Open";
    public const string Closed = "Closed";

    /// <summary>The payment lines of a hospital (the six <c>payments</c> keys) and of the households (the allowances), with fund codes.</summary>
    public static (IReadOnlyList<(string Line, string FundCode)> Hospital, IReadOnlyList<(string Line, string FundCode)> Households) Lines(SettlementPolicy policy) =>
        ([.. Funds.All.Select(f => (f.Key(), policy.FundCode(f)))],
         [(AllowanceLines.Caregiver, policy.CaregiverAllowance.FundCode), (AllowanceLines.ChildRehabilitation, policy.ChildRehabilitation.FundCode),
          (AllowanceLines.AntiPovertyInsurance, policy.AntiPovertyInsurance.FundCode)]);

    /// <summary>The policy whose fund codes label a month: the one in force on its first day (or last day, or the first policy).</summary>
    public static SettlementPolicy PolicyOf(PolicySet policies, StatementMonth month) =>
        policies.For(DateOnly.FromDateTime(month.Start.DateTime)) ?? policies.For(DateOnly.FromDateTime(month.End.DateTime.AddDays(-1))) ?? policies.Policies[0];

    /// <summary>The month's statement computed from the ledger now; <paramref name="hospitalId"/> restricts it to one hospital.</summary>
    public static async Task<StatementView> ComputeAsync(IHealthStore store, SettlementPolicy policy, StatementMonth month, string? hospitalId, CancellationToken ct)
    {
        var (from, to) = (month.StartUtc, month.EndUtc);
        var claims = store.LedgerEntries.AsNoTracking().Where(e => e.BookedAt >= from && e.BookedAt < to);
        if (hospitalId is not null)
        {
            claims = claims.Where(e => e.HospitalId == hospitalId);
        }

        var byHospital = await claims
            .GroupBy(e => new { e.HospitalId, e.Kind })
            .SumAmounts(nonZero: true)
            .ToListAsync(ct);

        var (hospitalLines, householdLines) = Lines(policy);
        var cells = new Dictionary<(string Payee, string Line), Cells>();
        Cells Cell(string payee, string line) => cells.TryGetValue((payee, line), out var c) ? c : cells[(payee, line)] = new Cells();
        foreach (var g in byHospital)
        {
            for (var i = 0; i < hospitalLines.Count; i++)
            {
                Cell(g.Key.HospitalId, hospitalLines[i].Line).Add(g.Key.Kind, g.NonZero[i], g.Funds[i]);
            }
        }

        if (hospitalId is null)
        {
            var allowances = await store.AllowanceEntries.AsNoTracking()
                .Where(e => e.BookedAt >= from && e.BookedAt < to)
                .GroupBy(e => new { e.Line, e.Kind })
                .Select(g => new { g.Key.Line, g.Key.Kind, Amount = g.Sum(e => e.Amount), Count = g.Sum(e => e.Amount != 0 ? 1 : 0) })
                .ToListAsync(ct);
            foreach (var g in allowances)
            {
                Cell(Households, g.Line).Add(g.Kind, g.Count, g.Amount);
            }
        }

        var hospitalIds = cells.Keys.Select(k => k.Payee).Where(p => p != Households).Distinct().ToList();
        if (hospitalId is not null && !hospitalIds.Contains(hospitalId))
        {
            hospitalIds.Add(hospitalId);
        }

        var names = await store.Hospitals.AsNoTracking().Where(h => hospitalIds.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Name, ct);
        var payees = hospitalIds.Order(StringComparer.Ordinal)
            .Select(id => Payee(id, names.GetValueOrDefault(id, id), hospitalLines, cells))
            .ToList();
        if (cells.Keys.Any(k => k.Payee == Households))
        {
            payees.Add(Payee(Households, HouseholdsName, householdLines, cells));
        }

        return Assemble(month, Open, null, payees, [.. hospitalLines, .. hospitalId is null ? householdLines : []]);
    }

    /// <summary>
    /// The line of a frozen row that only keeps the name, at the close, of a hospital that booked nothing that month; it is
    /// not part of the statement, so that hospital's part reads the same after a rename.
    /// </summary>
    public const string NameOnlyLine = "-";

    /// <summary>
    /// The rows that freeze a statement, then a <see cref="NameOnlyLine"/> row for each of <paramref name="hospitals"/>
    /// (id, name: every hospital registered at the close) that is not a payee of the statement.
    /// </summary>
    public static IEnumerable<StatementLineRow> Freeze(StatementView statement, IEnumerable<(string Id, string Name)> hospitals)
    {
        var ordinal = 0;
        foreach (var payee in statement.Payees)
        {
            foreach (var line in payee.Lines)
            {
                yield return new StatementLineRow
                {
                    Month = statement.Month,
                    Payee = payee.Payee,
                    PayeeName = payee.PayeeName,
                    Line = line.Line,
                    FundCode = line.FundCode,
                    Ordinal = ordinal++,
                    SettlementCount = line.Settlements.Count,
                    SettlementAmount = line.Settlements.Amount.Fen,
                    ReversalCount = line.Reversals.Count,
                    ReversalAmount = line.Reversals.Amount.Fen,
                    AdjustmentCount = line.Adjustments.Count,
                    AdjustmentAmount = line.Adjustments.Amount.Fen,
                };
            }
        }

        var payees = statement.Payees.Select(p => p.Payee).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, name) in hospitals.Where(h => !payees.Contains(h.Id)).OrderBy(h => h.Id, StringComparer.Ordinal))
        {
            yield return new StatementLineRow { Month = statement.Month, Payee = id, PayeeName = name, Line = NameOnlyLine, FundCode = string.Empty, Ordinal = ordinal++ };
        }
    }

    /// <summary>A closed month's statement, rebuilt from its frozen rows (restricted to one payee when asked).</summary>
    public static async Task<StatementView> LoadClosedAsync(
        IHealthStore store, SettlementPolicy policy, StatementClosureRow closure, string? hospitalId, CancellationToken ct)
    {
        var query = store.StatementLines.AsNoTracking().Where(l => l.Month == closure.Month);
        if (hospitalId is not null)
        {
            query = query.Where(l => l.Payee == hospitalId);
        }

        var rows = await query.OrderBy(l => l.Ordinal).ToListAsync(ct);
        var payees = rows.Where(r => r.Line != NameOnlyLine).GroupBy(r => r.Payee)
            .Select(g => new PayeeStatementView(g.Key, g.First().PayeeName, [.. g.Select(LineOf)], Sum(g.Select(LineOf))))
            .ToList();
        var (hospitalLines, householdLines) = Lines(policy);
        if (hospitalId is not null && payees.Count == 0)
        {
            // Nothing booked that month: the name frozen at the close, or, for a hospital registered after it (or a month
            // closed before names were frozen), its id, which no rename changes either.
            var name = rows.FirstOrDefault(r => r.Line == NameOnlyLine)?.PayeeName ?? hospitalId;
            payees.Add(Payee(hospitalId, name, hospitalLines, []));
        }

        StatementMonth.TryParse(closure.Month, out var month);
        return Assemble(month, Closed, new DateTimeOffset(DateTime.SpecifyKind(closure.ClosedAt, DateTimeKind.Utc)), payees,
            [.. hospitalLines, .. hospitalId is null ? householdLines : []]);
    }

    /// <summary>Marks a freshly computed statement as closed at <paramref name="closedAt"/>.</summary>
    public static StatementView AsClosed(StatementView open, DateTimeOffset closedAt) => open with { Status = Closed, ClosedAt = closedAt };

    private static StatementView Assemble(StatementMonth month, string status, DateTimeOffset? closedAt, IReadOnlyList<PayeeStatementView> payees, IReadOnlyList<(string Line, string FundCode)> lines)
    {
        var byLine = payees.SelectMany(p => p.Lines).ToLookup(l => l.Line);
        var totals = lines.Select(l => Total(l.Line, l.FundCode, byLine[l.Line])).ToList();
        return new StatementView(month.ToString(), StatementMonth.TimeZoneName, month.Start, month.End, status, closedAt, payees, totals, Sum(totals));
    }

    private static StatementLineView Total(string line, string fundCode, IEnumerable<StatementLineView> lines)
    {
        var c = new Cells();
        foreach (var l in lines)
        {
            c.Add(LedgerEntryKind.Settlement, l.Settlements.Count, l.Settlements.Amount.Fen);
            c.Add(LedgerEntryKind.Reversal, l.Reversals.Count, l.Reversals.Amount.Fen);
            c.Add(LedgerEntryKind.Adjustment, l.Adjustments.Count, l.Adjustments.Amount.Fen);
        }

        return c.View(line, fundCode);
    }

    private static PayeeStatementView Payee(string payee, string name, IReadOnlyList<(string Line, string FundCode)> lines, Dictionary<(string, string), Cells> cells)
    {
        var views = lines.Select(l => (cells.GetValueOrDefault((payee, l.Line)) ?? new Cells()).View(l.Line, l.FundCode)).ToList();
        return new PayeeStatementView(payee, name, views, Sum(views));
    }

    private static StatementLineView LineOf(StatementLineRow r)
    {
        var c = new Cells();
        c.Add(LedgerEntryKind.Settlement, r.SettlementCount, r.SettlementAmount);
        c.Add(LedgerEntryKind.Reversal, r.ReversalCount, r.ReversalAmount);
        c.Add(LedgerEntryKind.Adjustment, r.AdjustmentCount, r.AdjustmentAmount);
        return c.View(r.Line, r.FundCode);
    }

    private static Money Sum(IEnumerable<StatementLineView> lines) => lines.Aggregate(Money.Zero, (sum, l) => sum + l.Net);

    /// <summary>Counts and fen of one payee-line, by entry kind.</summary>
    private sealed class Cells
    {
        private readonly int[] _counts = new int[3];
        private readonly long[] _amounts = new long[3];

        public void Add(LedgerEntryKind kind, int count, long amount)
        {
            _counts[(int)kind] += count;
            _amounts[(int)kind] = checked(_amounts[(int)kind] + amount);
        }

        public StatementLineView View(string line, string fundCode) => new(
            line, fundCode,
            new StatementCell(_counts[0], new Money(_amounts[0])),
            new StatementCell(_counts[1], new Money(_amounts[1])),
            new StatementCell(_counts[2], new Money(_amounts[2])),
            new Money(checked(_amounts[0] + _amounts[1] + _amounts[2])));
    }
}

