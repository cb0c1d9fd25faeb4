using System.Text.Json;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Allowances;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Allowances;

/// <summary>What one member is owed for a year by the rules today, what runs have booked, and the difference.</summary>
public sealed record CaregiverDue(string MemberId, IReadOnlyList<int> Months, Money Entitlement, Money PaidBefore, Money Due);

/// <summary>
/// Computes the caregiver allowance of a year for every member who has a certification overlapping it or was paid for
/// it, from the registry as it is now (certifications, categories) and the allowance ledger. Used by the run and by the
/// budget's commitments. <paramref name="through"/>: the last day that counts (the run's date in district time), or null
/// for the whole year.
/// </summary>
public static class CaregiverEntitlements
{
    public static async Task<IReadOnlyList<CaregiverDue>> ComputeAsync(IHealthStore store, CaregiverPolicy policy, int year, DateOnly? through, CancellationToken ct)
    {
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var certifications = await store.CareCertifications.AsNoTracking()
            .Where(c => c.From <= last && (c.To == null || c.To >= first))
            .ToListAsync(ct);
        var paid = await store.AllowanceEntries.AsNoTracking()
            .Where(e => e.Line == AllowanceLines.Caregiver && e.Year == year)
            .GroupBy(e => e.MemberId)
            .Select(g => new { MemberId = g.Key, Amount = g.Sum(e => e.Amount) })
            .ToDictionaryAsync(g => g.MemberId, g => g.Amount, ct);
        var memberIds = certifications.Select(c => c.MemberId).Concat(paid.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var categories = (await store.MemberCategories.AsNoTracking().Where(c => memberIds.Contains(c.MemberId)).ToListAsync(ct))
            .ToLookup(c => c.MemberId, c => new CategoryPeriod(c.Category, c.From, c.To));
        var byMember = certifications.ToLookup(c => c.MemberId, c => new CareCertification(c.Condition, c.From, c.To));
        return [.. memberIds.Select(id =>
        {
            var entitlement = CaregiverAllowance.Entitlement(year, [.. byMember[id]], [.. categories[id]], policy, through);
            var before = new Money(paid.GetValueOrDefault(id));
            return new CaregiverDue(id, entitlement.Months, entitlement.Amount, before, CaregiverAllowance.Due(entitlement, before));
        })];
    }

    public static string MonthsJson(IReadOnlyList<int> months) => JsonSerializer.Serialize(months);
}
