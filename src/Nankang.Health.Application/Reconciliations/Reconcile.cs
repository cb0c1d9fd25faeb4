using System.Text.Json;
using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Reconciliations;

/// <summary>
/// A hospital reconciles its month with the engine (对账): its totals per payment line against the month's statement, and
/// optionally its detail against the engine's movement of each settlement in the month (settlement booked +, void −,
/// adjustment ±; the hospital's lines of one settlement are summed). A settlement whose movements in the month net to
/// zero everywhere need not be listed. The answer is stored (201) and can be read again. A hospital reconciles only its
/// own month (another hospital → 403); bad input, including a malformed CSV, stores nothing.
/// </summary>
public sealed record Reconcile(Caller Caller, ReconciliationBody Body) : IRequest<Result<ReconciliationView>>;

public sealed class ReconcileHandler(IHealthStore store, PolicySet policies, TimeProvider clock) : IRequestHandler<Reconcile, Result<ReconciliationView>>
{
    public const int ListLimit = 1000;

    public async ValueTask<Result<ReconciliationView>> Handle(Reconcile request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        errors.Required("hospitalId", body.HospitalId);
        errors.MaxLength("hospitalId", body.HospitalId, 64);
        errors.MaxLength("detailCsv", body.DetailCsv, HospitalDetailCsv.MaxChars);
        var month = StatementMonth.Started(errors, "month", body.Month, now);

        if (body.Totals is not { } t)
        {
            errors.Add("totals", "is required: the month's total per payment line.");
        }
        else
        {
            foreach (var fund in Funds.All)
            {
                errors.Required($"totals.{fund.Key()}", t[fund]);
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var hospitalId = body.HospitalId!;
        if (!await store.Hospitals.AnyAsync(h => h.Id == hospitalId, cancellationToken))
        {
            return Problem.Validation("hospitalId", $"no hospital {hospitalId}.");
        }

        if (!request.Caller.ActsFor(hospitalId))
        {
            return Problem.Forbidden("A hospital key reconciles only its own hospital's months.");
        }

        IReadOnlyList<HospitalDetailLine>? detail = null;
        if (body.DetailCsv is not null)
        {
            var (lines, csvErrors) = HospitalDetailCsv.Parse(body.DetailCsv, "detailCsv");
            if (csvErrors.Any)
            {
                return csvErrors.ToProblem();
            }

            detail = lines;
        }

        var policy = MonthStatements.PolicyOf(policies, month);
        var key = month.ToString();
        var closure = await store.StatementClosures.AsNoTracking().SingleOrDefaultAsync(c => c.Month == key, cancellationToken);
        var statement = closure is null
            ? await MonthStatements.ComputeAsync(store, policy, month, hospitalId, cancellationToken)
            : await MonthStatements.LoadClosedAsync(store, policy, closure, hospitalId, cancellationToken);
        var engineLines = statement.Payees.Single().Lines;

        ReconciliationDetail? detailResult = null;
        FundPayments? detailSum = null;
        if (detail is not null)
        {
            (detailResult, detailSum) = await CompareDetailAsync(hospitalId, month, detail, cancellationToken);
        }

        var declared = body.Totals!;
        var totals = Funds.All.Select((fund, i) => new FundComparison(
            fund.Key(), engineLines[i].FundCode, engineLines[i].Net, declared[fund]!.Value, declared[fund]!.Value - engineLines[i].Net, detailSum?[fund])).ToList();
        var totalsAgree = totals.All(c => c.Difference.IsZero);
        bool? detailAgrees = detailResult is null ? null : detailResult.MissingInEngineCount + detailResult.MissingInHospitalCount + detailResult.DifferenceCount == 0;
        var verdict = (totalsAgree, detailAgrees) switch
        {
            (true, null or true) => "Agreed",
            (false, null or true) => "TotalsDiffer",
            (true, false) => "DetailDiffers",
            _ => "TotalsAndDetailDiffer",
        };

        var submittedAt = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var view = new ReconciliationView($"R{Guid.CreateVersion7(now):N}", hospitalId, key, statement.Status, submittedAt, verdict, totalsAgree, detailAgrees, totals, detailResult);
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        store.Reconciliations.Add(new ReconciliationRow
        {
            Id = view.ReconciliationId,
            HospitalId = hospitalId,
            Month = key,
            SubmittedAt = submittedAt.UtcDateTime,
            KeyId = request.Caller.KeyId,
            Verdict = verdict,
            ResultJson = JsonSerializer.Serialize(view, HealthJson.Options),
        });
        Audit.Record(store, request.Caller, now.UtcDateTime, "reconciliation.submit", $"reconciliation:{view.ReconciliationId}", 201);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<ReconciliationView>.Ok(view, 201);
    }

    private sealed class Movement(string visitNo)
    {
        public string VisitNo { get; set; } = visitNo;

        public Money TotalCost { get; set; }

        public FundPayments Payments { get; set; }

        public Money PatientPays { get; set; }

        public List<int> Lines { get; } = [];

        public bool IsZero => TotalCost.IsZero && PatientPays.IsZero && Funds.All.All(f => Payments[f].IsZero);

        public DetailEntry Entry(string settlementId) => new(settlementId, VisitNo, TotalCost, PaymentsView.Of(Payments), PatientPays, Lines);
    }

    private async Task<(ReconciliationDetail, FundPayments)> CompareDetailAsync(string hospitalId, StatementMonth month, IReadOnlyList<HospitalDetailLine> lines, CancellationToken ct)
    {
        var (start, end) = (month.StartUtc, month.EndUtc);
        var rows = await (
            from e in store.LedgerEntries.AsNoTracking()
            where e.HospitalId == hospitalId && e.BookedAt >= start && e.BookedAt < end
            join s in store.Settlements.AsNoTracking() on e.SettlementId equals s.Id
            select new { Entry = e, s.VisitNo, s.TotalCost }).ToListAsync(ct);

        var engine = new Dictionary<string, Movement>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (!engine.TryGetValue(r.Entry.SettlementId, out var m))
            {
                engine[r.Entry.SettlementId] = m = new Movement(r.VisitNo);
            }

            var sign = r.Entry.Kind switch { LedgerEntryKind.Settlement => 1, LedgerEntryKind.Reversal => -1, _ => 0 };
            m.TotalCost += new Money(sign * r.TotalCost);
            var amounts = r.Entry.Amounts();
            m.Payments += amounts.Payments;
            m.PatientPays += amounts.PatientPays;
        }

        var books = new Dictionary<string, Movement>(StringComparer.Ordinal);
        var sum = FundPayments.Zero;
        foreach (var line in lines)
        {
            if (!books.TryGetValue(line.SettlementId, out var m))
            {
                books[line.SettlementId] = m = new Movement(line.VisitNo);
            }

            m.TotalCost += line.TotalCost;
            m.Payments += line.Payments;
            m.PatientPays += line.PatientPays;
            m.Lines.Add(line.LineNo);
            sum += line.Payments;
        }

        var matched = 0;
        var missingInEngine = new List<DetailEntry>();
        var differences = new List<DetailDifference>();
        var (missingInEngineCount, differenceCount) = (0, 0);
        foreach (var (id, h) in books)
        {
            if (!engine.TryGetValue(id, out var e))
            {
                if (h.IsZero)
                {
                    matched++;
                }
                else if (++missingInEngineCount <= ListLimit)
                {
                    missingInEngine.Add(h.Entry(id));
                }

                continue;
            }

            var fields = new List<FieldDifference>();
            void Compare(string field, Money engineValue, Money hospitalValue)
            {
                if (engineValue != hospitalValue)
                {
                    fields.Add(new FieldDifference(field, engineValue, hospitalValue, hospitalValue - engineValue));
                }
            }

            Compare("totalCost", e.TotalCost, h.TotalCost);
            foreach (var fund in Funds.All)
            {
                Compare(fund.Key(), e.Payments[fund], h.Payments[fund]);
            }

            Compare("patientPays", e.PatientPays, h.PatientPays);
            if (fields.Count == 0 && string.Equals(e.VisitNo, h.VisitNo, StringComparison.Ordinal))
            {
                matched++;
            }
            else if (++differenceCount <= ListLimit)
            {
                differences.Add(new DetailDifference(id, h.VisitNo, e.VisitNo, fields, h.Lines));
            }
        }

        var missingInHospital = new List<DetailEntry>();
        var missingInHospitalCount = 0;
        foreach (var (id, e) in engine)
        {
            if (!books.ContainsKey(id) && !e.IsZero && ++missingInHospitalCount <= ListLimit)
            {
                missingInHospital.Add(e.Entry(id));
            }
        }

        var truncated = missingInEngineCount > ListLimit || missingInHospitalCount > ListLimit || differenceCount > ListLimit;
        return (new ReconciliationDetail(
            lines.Count, books.Count, engine.Count, matched, missingInEngineCount, missingInHospitalCount, differenceCount, ListLimit, truncated,
            missingInEngine, [.. missingInHospital.OrderBy(m => m.SettlementId, StringComparer.Ordinal)], differences), sum);
    }
}
