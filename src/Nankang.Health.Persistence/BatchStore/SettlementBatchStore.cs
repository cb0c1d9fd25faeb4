using System.Diagnostics;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Settlements.BatchStore;
using Nankang.Health.Application.Settlements.Booking;
using Nankang.Health.Settlement;

namespace Nankang.Health.Persistence.BatchStore;

/// <summary>
/// The settle path's reads and writes on a <see cref="HealthDbContext"/>: one plain command per table (<see cref="RowReader"/>),
/// each with one parameter (a list or pairs as JSON) so its SQL is the same whatever the batch, and one statement per
/// table and row (<see cref="RowWriter"/>), not change tracking. It notes when its reads ended and its write began and ended,
/// for the group commit's phase metrics.
/// </summary>
public sealed class SettlementBatchStore(HealthDbContext db) : ISettlementBatchStore
{
    public long ReadEnded { get; private set; }

    public long WriteStarted { get; private set; }

    public long WriteEnded { get; private set; }

    public async Task<BatchSnapshot> ReadAsync(IReadOnlyList<PendingSettlement> settlements, CancellationToken ct)
    {
        var hospitals = (await db.ReadWhereInAsync<HospitalRow>(nameof(HospitalRow.Id), settlements.Select(s => s.HospitalId), ct)).ToDictionary(h => h.Id);
        var memberIds = settlements.Select(s => s.MemberId).Distinct().ToList();

        // Whether each member exists, and its national ID's lookup hash: the rest of the row (national ID and name,
        // encrypted) is not read.
        var lookups = (await db.ReadColumnPairsAsync<MemberRow>(nameof(MemberRow.Id), nameof(MemberRow.NationalIdLookup), memberIds, ct))
            .ToDictionary(m => m.Value, m => m.Other);
        var members = lookups.Keys.ToDictionary(id => id, _ => new List<CategoryPeriod>());
        foreach (var c in await db.ReadWhereInAsync<MemberCategoryRow>(nameof(MemberCategoryRow.MemberId), memberIds, ct))
        {
            members[c.MemberId].Add(new CategoryPeriod(c.Category, c.From, c.To));
        }

        var keyed = settlements.Where(s => !s.IsPreview).Select(s => (s.HospitalId, s.Key!)).ToList();
        var keys = keyed.Count == 0
            ? []
            : await db.ReadWherePairsAsync<IdempotencyRow>(nameof(IdempotencyRow.HospitalId), nameof(IdempotencyRow.Key), keyed, ct);
        var replayedIds = keys.Select(k => k.SettlementId).ToList();

        // Settlement rows are append-only, so the answer rebuilt from one is the answer first given, whatever happened
        // to the settlement since (a void, an adjustment): status Settled, no adjustments, the lines and accumulators
        // stored at booking.
        var asBooked = replayedIds.Count == 0
            ? []
            : (await db.ReadWhereInAsync<SettlementRow>(nameof(SettlementRow.Id), replayedIds, ct))
                .ToDictionary(r => r.Id, r => SettlementViews.View(r, [], voided: false));
        var visits = settlements.Select(s => (s.HospitalId, s.VisitNo)).ToList();
        var admissions = (await db.ReadWherePairsAsync<AdmissionRow>(nameof(AdmissionRow.HospitalId), nameof(AdmissionRow.VisitNo), visits, ct))
            .ToDictionary(a => (a.HospitalId, a.VisitNo));

        // A visit's settlements are rare (one unless voided and settled again): read whole, then drop the voided ones.
        var visitSettlements = await db.ReadWherePairsAsync<SettlementRow>(nameof(SettlementRow.HospitalId), nameof(SettlementRow.VisitNo), visits, ct);
        var voided = visitSettlements.Count == 0
            ? []
            : (await db.ReadWhereInAsync<VoidRow>(nameof(VoidRow.SettlementId), visitSettlements.Select(v => v.Id), ct)).Select(v => v.SettlementId).ToHashSet();
        var active = visitSettlements
            .Where(v => !voided.Contains(v.Id))
            .DistinctBy(v => (v.HospitalId, v.VisitNo))
            .ToDictionary(v => (v.HospitalId, v.VisitNo), v => v.Id);
        var accumulators = (await db.ReadWhereInAsync<AccumulatorRow>(nameof(AccumulatorRow.MemberId), memberIds, ct))
            .ToDictionary(a => (a.MemberId, a.Year));

        // Only a hospital's preview asks whether it has admitted the member.
        var previewers = settlements.Where(s => s.IsPreview && !s.Caller.IsBureau).Select(s => s.MemberId).Distinct().ToList();
        var admitted = previewers.Count == 0
            ? []
            : (await db.ReadWhereInAsync<AdmissionRow>(nameof(AdmissionRow.MemberId), previewers, ct)).Select(a => (a.HospitalId, a.MemberId)).ToHashSet();
        ReadEnded = Stopwatch.GetTimestamp();
        return new BatchSnapshot
        {
            Hospitals = hospitals,
            Members = members,
            NationalIdLookups = lookups,
            Booked = keys.ToDictionary(k => (k.HospitalId, k.Key), k => new BookedKey(k.RequestHash, k.SettlementId, asBooked[k.SettlementId])),
            Admissions = admissions,
            Active = active,
            Accumulators = accumulators,
            AdmittedMembers = admitted,
        };
    }

    public async Task WriteAsync(BatchRows rows, CancellationToken ct)
    {
        WriteStarted = Stopwatch.GetTimestamp();
        await db.InsertAsync(rows.Admissions, ct);
        await db.InsertAsync(rows.Settlements, ct);
        await db.InsertAsync(rows.LedgerEntries, ct);
        await db.InsertAsync([.. rows.NewAccumulators], ct);
        await db.UpdateAsync([.. rows.ChangedAccumulators], ct);
        await db.InsertAsync(rows.IdempotencyKeys, ct);
        await db.InsertAsync(rows.Audit, ct);
        WriteEnded = Stopwatch.GetTimestamp();
    }

    public async Task WriteAuditAsync(IReadOnlyList<AuditRow> rows, CancellationToken ct)
    {
        db.AuditLog.AddRange(rows);
        await db.SaveChangesAsync(ct);
    }
}
