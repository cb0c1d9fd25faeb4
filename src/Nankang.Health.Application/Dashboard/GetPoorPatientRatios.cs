using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Dashboard;

/// <summary>Settlements of poor patients in one group: their total cost, what the funds paid, and the ratio (4 decimals).</summary>
public sealed record RatioGroup(string Key, int Settlements, Money TotalCost, Money FundTotal, decimal Ratio, bool BelowGuarantee);

/// <summary>A poor patient's settlement reimbursed below 90%, with the rule that left it there.</summary>
public sealed record BelowGuaranteeView(
    string SettlementId, string HospitalId, string MemberId, DateOnly DischargedOn, Money TotalCost, Money FundTotal, decimal Ratio, string Reason);

/// <summary>
/// The plan's measure of the scheme, the reimbursement ratio of poor patients (就医报账比例) against the 90% guarantee:
/// by discharge month over the year, and for the chosen month (or the whole year) by hospital, with the number of
/// settlements, of poor patients, and the list of settlements below 90%.
/// </summary>
public sealed record PoorPatientRatiosView(
    int Year, int? Month, int Settlements, int PoorPatients, int PoorSettlements, RatioGroup Overall,
    IReadOnlyList<RatioGroup> ByMonth, IReadOnlyList<RatioGroup> ByHospital, IReadOnlyList<BelowGuaranteeView> Below);

/// <summary>
/// The poor patients' reimbursement ratios of a year (bureau only). Settlements count as settled (the ratio the patient
/// was given at discharge); voided ones are left out. Poor = RegisteredPoor, Dibao or Tekun on the discharge date; the
/// ratio is Σ fund payments / Σ total cost, rounded half away from zero to 4 decimals as for one claim.
/// </summary>
public sealed record GetPoorPatientRatios(Caller Caller, int Year, int? Month) : IRequest<Result<PoorPatientRatiosView>>;

public sealed class GetPoorPatientRatiosHandler(IHealthStore store) : IRequestHandler<GetPoorPatientRatios, Result<PoorPatientRatiosView>>
{
    public const decimal Guarantee = 0.9m;

    public async ValueTask<Result<PoorPatientRatiosView>> Handle(GetPoorPatientRatios request, CancellationToken cancellationToken)
    {
        if (!request.Caller.IsBureau)
        {
            return Problem.Forbidden("Only the bureau reads the district's ratios.");
        }

        var errors = new ValidationErrors();
        if (request.Year is < 2000 or > 2099)
        {
            errors.Add("year", "must be a year from 2000 to 2099.");
        }

        if (request.Month is < 1 or > 12)
        {
            errors.Add("month", "must be 1 to 12.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var rows = await store.Settlements.AsNoTracking()
            .Where(s => s.Year == request.Year && !store.Voids.Any(v => v.SettlementId == s.Id))
            .Select(BookedAmounts.WithFundTotal<SettlementRow, Row>((s, fundTotal) => new Row(
                s.Id, s.HospitalId, s.MemberId, s.DischargedOn, s.Categories, s.HospitalRegion, s.HospitalDesignated, s.Referred,
                s.InsuranceApplicable, s.TotalCost, fundTotal)))
            .ToListAsync(cancellationToken);

        var inPeriod = rows.Where(r => request.Month is not { } m || r.DischargedOn.Month == m).ToList();
        var poor = rows.Where(r => r.Categories.IsPoor()).ToList();
        var poorInPeriod = inPeriod.Where(r => r.Categories.IsPoor()).ToList();
        var byMonth = poor.GroupBy(r => r.DischargedOn.Month).OrderBy(g => g.Key).Select(g => Group($"{request.Year}-{g.Key:00}", g)).ToList();
        var byHospital = poorInPeriod.GroupBy(r => r.HospitalId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g)).ToList();
        var below = poorInPeriod.Where(r => Ratio(r.TotalCost, r.FundTotal) < Guarantee)
            .OrderBy(r => r.DischargedOn).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new BelowGuaranteeView(
                r.Id, r.HospitalId, r.MemberId, r.DischargedOn, new Money(r.TotalCost), new Money(r.FundTotal), Ratio(r.TotalCost, r.FundTotal), Reason(r)))
            .ToList();
        return Result<PoorPatientRatiosView>.Ok(new PoorPatientRatiosView(
            request.Year, request.Month, inPeriod.Count, poorInPeriod.Select(r => r.MemberId).Distinct().Count(), poorInPeriod.Count,
            Group("all", poorInPeriod), byMonth, byHospital, below));
    }

    /// <summary>Why the 90% guarantee (settlement rules §5a) did not top this claim up, in the clerk's words.</summary>
    public static string Reason(Row r)
    {
        if (!r.InsuranceApplicable)
        {
            return "不适用医保政策，已按总费用 90% 兜底后仍低于（请核查）";
        }

        if (!r.Categories.IsRegisteredPoor())
        {
            return "低保/特困对象，非建档立卡贫困户，不适用 90% 兜底";
        }

        if (r.Region != Region.InDistrict && !r.Referred)
        {
            return r.Designated ? "区外住院未办理转诊" : "非定点医疗机构且区外未转诊";
        }

        return "其他（请查看结算明细）";
    }

    private static RatioGroup Group(string key, IEnumerable<Row> rows)
    {
        var (count, total, funds) = rows.Aggregate((0, 0L, 0L), (a, r) => (a.Item1 + 1, a.Item2 + r.TotalCost, a.Item3 + r.FundTotal));
        var ratio = Ratio(total, funds);
        return new RatioGroup(key, count, new Money(total), new Money(funds), ratio, count > 0 && ratio < Guarantee);
    }

    private static decimal Ratio(long totalCost, long funds) =>
        totalCost == 0 ? 0m : Math.Round((decimal)funds / totalCost, 4, MidpointRounding.AwayFromZero);

    public sealed record Row(
        string Id, string HospitalId, string MemberId, DateOnly DischargedOn, CategorySet Categories, Region Region, bool Designated, bool Referred,
        bool InsuranceApplicable, long TotalCost, long FundTotal);
}
