using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// A settlement with what an exchange format needs beyond the JSON view (FHIR ExplanationOfBenefit): the stay, the
/// hospital's name, the masked national ID (never the whole ID, never the name), the assistance cap that applied, the
/// void, and the settlements linked through voids. Same access as reading the settlement: a hospital its own (404
/// otherwise); links to another hospital's settlements are left out for a hospital caller.
/// </summary>
public sealed record GetSettlementRecord(Caller Caller, string SettlementId) : IRequest<Result<SettlementRecord>>;

/// <summary>The void of a settlement: when (UTC) and why.</summary>
public sealed record SettlementVoid(DateTimeOffset VoidedAt, string Reason);

/// <param name="AssistanceCap">The annual medical-assistance cap of the member's most favourable category; null when none applies or the policy is not built in.</param>
/// <param name="CausedBy">Per adjustment of <see cref="SettlementView.Adjustments"/>: the voided settlement, or null when it is another hospital's.</param>
/// <param name="AdjustedByVoid">For a voided settlement: the later settlements its void adjusted that the caller may see.</param>
public sealed record SettlementRecord(
    SettlementView Settlement,
    string HospitalName,
    string NationalIdMasked,
    DateOnly AdmittedOn,
    DateOnly DischargedOn,
    Money? AssistanceCap,
    SettlementVoid? Void,
    IReadOnlyList<string?> CausedBy,
    IReadOnlyList<string> AdjustedByVoid);

public sealed class GetSettlementRecordHandler(IHealthStore store, PolicySet policies) : IRequestHandler<GetSettlementRecord, Result<SettlementRecord>>
{
    public async ValueTask<Result<SettlementRecord>> Handle(GetSettlementRecord request, CancellationToken cancellationToken)
    {
        var row = await store.Settlements.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SettlementId, cancellationToken);
        if (row is null || !request.Caller.ActsFor(row.HospitalId))
        {
            return Problem.NotFound($"No settlement {request.SettlementId}.");
        }

        var view = (await SettlementViews.LoadAsync(store, [row], cancellationToken))[0];
        var masked = await store.Members.AsNoTracking().Where(m => m.Id == row.MemberId).Select(m => m.NationalIdMasked).SingleAsync(cancellationToken);
        var hospitalName = await store.Hospitals.AsNoTracking().Where(h => h.Id == row.HospitalId).Select(h => h.Name).SingleAsync(cancellationToken);
        var voidRow = await store.Voids.AsNoTracking().SingleOrDefaultAsync(v => v.SettlementId == row.Id, cancellationToken);

        // The voided settlements behind this one's adjustments, and the later ones this one's void adjusted, with their hospitals.
        var causes = view.Adjustments.Select(a => a.CausedBy).Distinct().ToList();
        var causeHospitals = await store.Settlements.AsNoTracking().Where(s => causes.Contains(s.Id))
            .Select(s => new { s.Id, s.HospitalId }).ToDictionaryAsync(s => s.Id, s => s.HospitalId, cancellationToken);
        var adjusted = voidRow is null
            ? []
            : await store.LedgerEntries.AsNoTracking()
                .Where(e => e.CausedBy == row.Id && e.Kind == LedgerEntryKind.Adjustment)
                .OrderBy(e => e.Seq).Select(e => new { e.SettlementId, e.HospitalId }).ToListAsync(cancellationToken);

        var policy = policies.Version(row.PolicyVersion);
        var cap = policy?.MedicalAssistance.MostFavourable(row.Categories)?.Terms.AnnualCap;
        return Result<SettlementRecord>.Ok(new SettlementRecord(
            view, hospitalName, masked, row.AdmittedOn, row.DischargedOn, cap,
            voidRow is null ? null : new SettlementVoid(SettlementViews.Utc(voidRow.VoidedAt), voidRow.Reason),
            [.. view.Adjustments.Select(a => causeHospitals.TryGetValue(a.CausedBy, out var h) && request.Caller.ActsFor(h) ? a.CausedBy : null)],
            [.. adjusted.Where(a => request.Caller.ActsFor(a.HospitalId)).Select(a => a.SettlementId).Distinct()]));
    }
}
