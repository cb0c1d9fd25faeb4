using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.AntiPoverty;

/// <summary>The latest decision on a member-year, or <see cref="AntiPovertyDecisions.None"/> with no one and no time.</summary>
public sealed record AntiPovertyReviewState(string Decision, string? Reason, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    public static readonly AntiPovertyReviewState None = new(AntiPovertyDecisions.None, null, null, null);
}

/// <summary>
/// The set-based reads of a year of anti-poverty insurance (§7a): the self-pay S per member from the ledger, the latest
/// reviews, and what is booked. Each is one grouped query over the year, never one per member.
/// </summary>
public static class AntiPovertyYear
{
    /// <summary>The policy of a benefit year: the one in force on its last day, else its first.</summary>
    public static SettlementPolicy? PolicyOf(PolicySet policies, int year) =>
        policies.For(new DateOnly(year, 12, 31)) ?? policies.For(new DateOnly(year, 1, 1));

    /// <summary>
    /// S per member: Σ patientPays of every ledger entry of the year (settlements, reversals, adjustments) whose settlement
    /// qualified — a covered category and none of the poor ones on its discharge date (the settlement's stored categories).
    /// </summary>
    public static IQueryable<MemberSelfPay> SelfPays(IHealthStore store, AntiPovertyInsurancePolicy policy, int year)
    {
        var covered = policy.CoveredCategories.Aggregate(CategorySet.None, (set, c) => set | CategorySets.Of(c));
        const CategorySet poor = CategorySet.RegisteredPoor | CategorySet.Dibao | CategorySet.Tekun;
        return from e in store.LedgerEntries.AsNoTracking()
               join s in store.Settlements.AsNoTracking() on e.SettlementId equals s.Id
               where e.Year == year && (s.Categories & covered) != 0 && (s.Categories & poor) == 0
               group e.PatientPays by e.MemberId into g
               select new MemberSelfPay { MemberId = g.Key, SelfPay = g.Sum() };
    }

    /// <summary>The latest decision per member of the year (the reviews of a year are few: one grouped read).</summary>
    public static async Task<Dictionary<string, AntiPovertyReviewState>> LatestReviewsAsync(IHealthStore store, int year, CancellationToken ct)
    {
        var rows = await store.AntiPovertyReviews.AsNoTracking().Where(r => r.Year == year).OrderBy(r => r.Seq).ToListAsync(ct);
        var latest = new Dictionary<string, AntiPovertyReviewState>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            latest[r.MemberId] = State(r);
        }

        return latest;
    }

    public static AntiPovertyReviewState State(AntiPovertyReviewRow r) =>
        new(r.Decision, r.Reason, r.KeyId, new DateTimeOffset(DateTime.SpecifyKind(r.DecidedAt, DateTimeKind.Utc)));

    /// <summary>What the anti-poverty line has booked per member for the year (net of recoveries).</summary>
    public static Task<Dictionary<string, long>> BookedAsync(IHealthStore store, int year, CancellationToken ct) =>
        store.AllowanceEntries.AsNoTracking()
            .Where(e => e.Line == AllowanceLines.AntiPovertyInsurance && e.Year == year)
            .GroupBy(e => e.MemberId)
            .Select(g => new { MemberId = g.Key, Amount = g.Sum(e => e.Amount) })
            .ToDictionaryAsync(g => g.MemberId, g => g.Amount, StringComparer.Ordinal, ct);
}

/// <summary>A member's self-pay of the year in fen, as summed by the database (init-only, so queries compose on it).</summary>
public sealed class MemberSelfPay
{
    public required string MemberId { get; init; }

    public long SelfPay { get; init; }
}
