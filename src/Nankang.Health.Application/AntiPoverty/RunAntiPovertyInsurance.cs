using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Allowances;

namespace Nankang.Health.Application.AntiPoverty;

/// <summary>The body of a run: the benefit year.</summary>
public sealed record AntiPovertyRunBody(int? Year);

/// <summary>A reviewed member-year as the run saw it: the latest decision, S, what is owed, booked before, and booked now.</summary>
public sealed record AntiPovertyRunMember(string MemberId, string Decision, Money SelfPay, Money Owed, Money BookedBefore, Money Due);

/// <summary>What a run booked: payments (due &gt; 0), recoveries (due &lt; 0) and their totals.</summary>
public sealed record AntiPovertyRunView(
    string RunId, int Year, string PolicyVersion, DateTimeOffset RanAt, int MembersReviewed, int Payments, Money TotalPaid,
    int Recoveries, Money TotalRecovered, Money TotalBooked, IReadOnlyList<AntiPovertyRunMember> Members);

/// <summary>
/// The anti-poverty insurance run of a year (bureau only, §7a). For each reviewed member-year it books the owed amount —
/// P(S) when the latest decision is Approved, 0 when Rejected — less what is booked (negative = a recovery), as allowance
/// entries of the line <c>antiPovertyInsurance</c> under the payee households. Idempotent; runs of a year are serialized.
/// </summary>
public sealed record RunAntiPovertyInsurance(Caller Caller, AntiPovertyRunBody Body) : IRequest<Result<AntiPovertyRunView>>;

public sealed class RunAntiPovertyInsuranceHandler(IHealthStore store, Settlement.Policies.PolicySet policies, TimeProvider clock)
    : IRequestHandler<RunAntiPovertyInsurance, Result<AntiPovertyRunView>>
{
    public async ValueTask<Result<AntiPovertyRunView>> Handle(RunAntiPovertyInsurance request, CancellationToken cancellationToken)
    {
        if (request.Body.Year is not { } year || year is < 2000 or > 2099)
        {
            return Problem.Validation("year", "must be a year from 2000 to 2099.");
        }

        if (AntiPovertyYear.PolicyOf(policies, year) is not { } policy)
        {
            return Problem.Unprocessable($"No policy covers {year}.");
        }

        var rules = policy.AntiPovertyInsurance;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        // The booking time is taken once the write has begun, never before it waited for a month's close.
        var now = clock.GetUtcNow();
        await store.LockMemberYearAsync("run:anti-poverty", year, cancellationToken);
        var reviews = await AntiPovertyYear.LatestReviewsAsync(store, year, cancellationToken);
        var booked = await AntiPovertyYear.BookedAsync(store, year, cancellationToken);
        // Reviewed members, and any with a booking (a booking without a review cannot happen, but would then be recovered).
        var ids = reviews.Keys.Union(booked.Keys).ToList();
        var selfPays = await AntiPovertyYear.SelfPays(store, rules, year)
            .Where(s => ids.Contains(s.MemberId))
            .ToDictionaryAsync(s => s.MemberId, s => s.SelfPay, StringComparer.Ordinal, cancellationToken);

        var runId = $"AP{Guid.CreateVersion7(now):N}";
        var members = new List<AntiPovertyRunMember>();
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            var decision = reviews.GetValueOrDefault(id, AntiPovertyReviewState.None).Decision;
            var selfPay = new Money(selfPays.GetValueOrDefault(id));
            var owed = decision == AntiPovertyDecisions.Approved ? AntiPovertyInsurance.Payout(selfPay, rules) : Money.Zero;
            var before = new Money(booked.GetValueOrDefault(id));
            var due = AntiPovertyInsurance.Due(owed, before);
            members.Add(new AntiPovertyRunMember(id, decision, selfPay, owed, before, due));
            if (due.IsZero)
            {
                continue;
            }

            store.AllowanceEntries.Add(new AllowanceEntryRow
            {
                Kind = before.IsZero ? LedgerEntryKind.Settlement : LedgerEntryKind.Adjustment,
                Line = AllowanceLines.AntiPovertyInsurance,
                MemberId = id,
                Year = year,
                MonthsJson = "[]",
                Amount = due.Fen,
                BookedAt = now.UtcDateTime,
                KeyId = request.Caller.KeyId,
                RunId = runId,
            });
        }

        var paid = members.Where(m => m.Due.Fen > 0).ToList();
        var recovered = members.Where(m => m.Due.IsNegative).ToList();
        var totalPaid = paid.Aggregate(Money.Zero, (sum, m) => sum + m.Due);
        var totalRecovered = recovered.Aggregate(Money.Zero, (sum, m) => sum + m.Due);
        var ranAt = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        Audit.Record(store, request.Caller, now.UtcDateTime, "anti-poverty.run", $"run:{runId}", 200);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<AntiPovertyRunView>.Ok(new AntiPovertyRunView(
            runId, year, policy.Version, ranAt, members.Count, paid.Count, totalPaid, recovered.Count, totalRecovered, totalPaid + totalRecovered, members));
    }
}
