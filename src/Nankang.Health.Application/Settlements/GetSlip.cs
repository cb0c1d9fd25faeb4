using System.Globalization;
using System.Text.Json;
using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// The one-stop settlement slip (一站式结算单) of a settlement, everything the printed page shows. Same access as reading
/// the settlement: a hospital its own (404 otherwise), the bureau all. The patient's name is decrypted for this view
/// only; it is never listed or logged.
/// </summary>
public sealed record GetSlip(Caller Caller, string SettlementId) : IRequest<Result<SlipView>>;

/// <summary>One payment line: fund, code, Chinese name, amount, its arithmetic in Chinese, and the fund's year-to-date total after it.</summary>
public sealed record SlipLine(Fund Fund, string FundCode, string Name, Money Amount, string Arithmetic, Money YearToDate);

/// <summary>The cost split by catalogue class: A, B with the part the patient pays first (先行自付), C, and over-limit amounts.</summary>
public sealed record SlipCosts(Money TotalCost, Money InScope, Money OutOfScope, Money ClassA, Money ClassB, Money ClassBSelfPaid, Money ClassC, Money OverLimit);

/// <summary>The void of a settlement: when (district time) and why.</summary>
public sealed record SlipVoid(DateTimeOffset VoidedAt, string Reason);

/// <summary>An adjustment booked on this settlement by a later void, in district time, with the net after all of them.</summary>
public sealed record SlipAdjustment(string CausedBy, DateTimeOffset BookedAt, Money FundTotal, Money PatientPays);

public sealed record SlipView(
    string SettlementId,
    string Status,
    string HospitalName,
    int HospitalLevel,
    string PatientName,
    string Sex,
    int Age,
    string NationalIdMasked,
    IReadOnlyList<string> Categories,
    string VisitNo,
    DateOnly AdmittedOn,
    DateOnly DischargedOn,
    int Days,
    IReadOnlyList<string> Diagnoses,
    SlipCosts Costs,
    IReadOnlyList<SlipLine> Lines,
    Money FundTotal,
    Money PatientPays,
    int ReimbursementRatioBasisPoints,
    string FundTotalCapitals,
    string PatientPaysCapitals,
    bool TreatFirstPayLater,
    IReadOnlyList<SlipAdjustment> Adjustments,
    Money NetFundTotal,
    Money NetPatientPays,
    SlipVoid? Void,
    string PolicyVersion,
    DateTimeOffset BookedAt,
    DateTimeOffset PrintedAt)
{
    /// <summary>报销比例 as printed: two decimals of percent, e.g. <c>90.00%</c>.</summary>
    public string ReimbursementRatio => (ReimbursementRatioBasisPoints / 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}

public sealed class GetSlipHandler(IHealthStore store, PersonalDataProtector protector, PolicySet policies, TimeProvider clock)
    : IRequestHandler<GetSlip, Result<SlipView>>
{
    public async ValueTask<Result<SlipView>> Handle(GetSlip request, CancellationToken cancellationToken)
    {
        var row = await store.Settlements.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SettlementId, cancellationToken);
        if (row is null || !request.Caller.ActsFor(row.HospitalId))
        {
            return Problem.NotFound($"No settlement {request.SettlementId}.");
        }

        var view = (await SettlementViews.LoadAsync(store, [row], cancellationToken))[0];
        var member = await store.Members.AsNoTracking().SingleAsync(m => m.Id == row.MemberId, cancellationToken);
        var hospitalName = await store.Hospitals.AsNoTracking().Where(h => h.Id == row.HospitalId).Select(h => h.Name).SingleAsync(cancellationToken);
        var voidRow = await store.Voids.AsNoTracking().SingleOrDefaultAsync(v => v.SettlementId == row.Id, cancellationToken);
        var yearToDate = await YearToDateAsync(row, cancellationToken);

        var recomputed = StoredFigures.Recompute(row, policies);
        var lines = new List<SlipLine>(Funds.All.Count);
        for (var i = 0; i < Funds.All.Count; i++)
        {
            var fund = Funds.All[i];
            var stored = view.Lines[i];
            var arithmetic = recomputed is { } result ? ChineseExplanations.Render(result.Line(fund)) : stored.Explanation;
            lines.Add(new SlipLine(fund, stored.FundCode, ChineseExplanations.FundName(fund), stored.Amount, arithmetic, yearToDate[fund]));
        }

        var fees = JsonSerializer.Deserialize<List<StoredFee>>(row.FeesJson, HealthJson.Options)!;
        Money Sum(FeeClass c) => new(fees.Where(f => f.Class == c).Sum(f => f.Amount));
        var costs = new SlipCosts(
            view.TotalCost, view.InScopeAmount, view.PreSelfPayAmount + view.OutOfScopeAmount + view.OverLimitAmount,
            Sum(FeeClass.A), Sum(FeeClass.B), view.PreSelfPayAmount, Sum(FeeClass.C), view.OverLimitAmount);

        var categories = Enum.GetValues<Category>().Where(c => row.Categories.Has(c)).Select(ChineseExplanations.CategoryName).ToList();
        var adjustments = view.Adjustments
            .Select(a => new SlipAdjustment(a.CausedBy, District(a.BookedAt), Total(a.Payments), a.PatientPays)).ToList();
        var netTotal = Total(view.Net.Payments);
        return Result<SlipView>.Ok(new SlipView(
            row.Id, view.Status, hospitalName, row.HospitalLevel, protector.Unprotect(member.NameCipher), member.Sex,
            Age(member.BirthDate, row.DischargedOn), member.NationalIdMasked, categories, row.VisitNo, row.AdmittedOn, row.DischargedOn,
            Math.Max(1, row.DischargedOn.DayNumber - row.AdmittedOn.DayNumber),
            JsonSerializer.Deserialize<List<string>>(row.DiagnosesJson, HealthJson.Options)!, costs, lines, view.FundTotal, view.PatientPays,
            row.ReimbursementRatioBp, ChineseCapitals.Of(view.FundTotal), ChineseCapitals.Of(view.PatientPays),
            row.Categories.IsPoor() && row.HospitalDesignated && row.HospitalRegion == Region.InDistrict,
            adjustments, netTotal, view.Net.PatientPays,
            voidRow is null ? null : new SlipVoid(District(SettlementViews.Utc(voidRow.VoidedAt)), voidRow.Reason),
            row.PolicyVersion, District(view.BookedAt!.Value), District(clock.GetUtcNow())));
    }

    /// <summary>
    /// Per fund, the member-year's ledger up to and including this settlement's own entry: every settlement, reversal and
    /// adjustment booked before it, so voids of earlier settlements are already netted out.
    /// </summary>
    private async Task<FundPayments> YearToDateAsync(SettlementRow row, CancellationToken ct)
    {
        var own = await store.LedgerEntries.AsNoTracking()
            .Where(e => e.SettlementId == row.Id && e.Kind == LedgerEntryKind.Settlement).Select(e => e.Seq).SingleAsync(ct);
        var entries = await store.LedgerEntries.AsNoTracking()
            .Where(e => e.MemberId == row.MemberId && e.Year == row.Year && e.Seq <= own)
            .ToListAsync(ct);
        return entries.Aggregate(FundPayments.Zero, (sum, e) => sum + e.Amounts().Payments);
    }

    private static Money Total(PaymentsView p) => p.ToFundPayments().Total;

    private static DateTimeOffset District(DateTimeOffset at) => at.ToOffset(StatementMonth.Offset);

    /// <summary>Full years on the discharge date.</summary>
    private static int Age(DateOnly birth, DateOnly on) =>
        on.Year - birth.Year - (on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day) ? 1 : 0);
}
