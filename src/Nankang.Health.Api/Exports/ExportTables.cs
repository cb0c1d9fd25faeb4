using System.Globalization;
using Nankang.Health.Api.Pages;
using Nankang.Health.Api.Pages.Reconciliations;
using Nankang.Health.Application.Allowances;
using Nankang.Health.Application.AntiPoverty;
using Nankang.Health.Application.Budgets;
using Nankang.Health.Application.Reconciliations;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Exports;

/// <summary>
/// Every export of the service, each built from the answer its JSON route returns (so the file always equals the JSON):
/// the columns once, with Chinese headers (a fund amount's header carries the fund code), written as XLSX or CSV by
/// <see cref="ExportSheet"/>.
/// </summary>
public static class ExportTables
{
    /// <summary>The month's statement: one row per payee and payment line, then one 合计 row per line.</summary>
    public static ExportSheet Statement(StatementView s)
    {
        ExportColumn<(string Payee, string PayeeName, StatementLineView Line)>[] columns =
        [
            new("月份", CellKind.Text, _ => s.Month),
            new("状态", CellKind.Text, _ => s.Status == MonthStatements.Closed ? "已关账" : "未关账"),
            new("关账时间", CellKind.Time, _ => s.ClosedAt),
            new("收款方", CellKind.Text, r => r.Payee),
            new("收款方名称", CellKind.Text, r => r.PayeeName),
            new("支付项目", CellKind.Text, r => Show.Line(r.Line.Line)),
            new("基金编码", CellKind.Text, r => r.Line.FundCode),
            new("结算笔数", CellKind.Count, r => r.Line.Settlements.Count),
            new("结算金额", CellKind.Amount, r => r.Line.Settlements.Amount),
            new("冲销笔数", CellKind.Count, r => r.Line.Reversals.Count),
            new("冲销金额", CellKind.Amount, r => r.Line.Reversals.Amount),
            new("调整笔数", CellKind.Count, r => r.Line.Adjustments.Count),
            new("调整金额", CellKind.Amount, r => r.Line.Adjustments.Amount),
            new("净额", CellKind.Amount, r => r.Line.Net),
        ];
        var rows = s.Payees.SelectMany(p => p.Lines.Select(l => (p.Payee, p.PayeeName, l)))
            .Concat(s.Totals.Select(l => ("total", "合计", l)));
        return ExportSheet.Of($"月结{s.Month}", columns, rows);
    }

    /// <summary>
    /// A page of settlements, one row each: the six payment lines as settled and net of adjustments and voids, each under
    /// its fund code (the codes the listed settlements carry; two policies with different codes show both).
    /// </summary>
    public static ExportSheet Settlements(SettlementPage page)
    {
        string Header(Fund fund) => FundHeader(Show.Line(fund.Key()), page.Items.SelectMany(i => i.Lines).Where(l => l.Fund == fund.Key()).Select(l => l.FundCode));
        List<ExportColumn<SettlementView>> columns =
        [
            new("结算单号", CellKind.Text, v => v.SettlementId),
            new("状态", CellKind.Text, v => Status(v.Status)),
            new("医院编码", CellKind.Text, v => v.HospitalId),
            new("就诊号", CellKind.Text, v => v.VisitNo),
            new("参保人编号", CellKind.Text, v => v.MemberId),
            new("年度", CellKind.Count, v => v.Year),
            new("政策版本", CellKind.Text, v => v.PolicyVersion),
            new("结算时间", CellKind.Time, v => v.BookedAt),
            new("医疗总费用", CellKind.Amount, v => v.TotalCost),
            new("政策范围内费用", CellKind.Amount, v => v.InScopeAmount),
            new("先行自付", CellKind.Amount, v => v.PreSelfPayAmount),
            new("政策范围外费用", CellKind.Amount, v => v.OutOfScopeAmount),
            new("超限价费用", CellKind.Amount, v => v.OverLimitAmount),
            .. Funds.All.Select(f => new ExportColumn<SettlementView>(Header(f), CellKind.Amount, v => PaymentsOf(v.Payments, f))),
            new("基金支付合计", CellKind.Amount, v => v.FundTotal),
            new("个人负担", CellKind.Amount, v => v.PatientPays),
            new("报销比例", CellKind.Ratio, v => v.ReimbursementRatio),
            .. Funds.All.Select(f => new ExportColumn<SettlementView>("净额·" + Header(f), CellKind.Amount, v => PaymentsOf(v.Net.Payments, f))),
            new("净额·个人负担", CellKind.Amount, v => v.Net.PatientPays),
        ];
        return ExportSheet.Of($"结算清单第{page.Page}页", columns, page.Items);
    }

    /// <summary>
    /// A reconciliation's findings, one row each: the totals per fund line (总账), then the detail's settlements missing on
    /// one side (one row per amount) and its amount differences (one row per field). 差额 = hospital − engine throughout.
    /// </summary>
    public static ExportSheet ReconciliationFindings(ReconciliationView r)
    {
        var codes = r.Totals.ToDictionary(t => t.Fund, t => t.FundCode, StringComparer.Ordinal);
        ExportColumn<Finding>[] columns =
        [
            new("对账单号", CellKind.Text, _ => r.ReconciliationId),
            new("医院编码", CellKind.Text, _ => r.HospitalId),
            new("月份", CellKind.Text, _ => r.Month),
            new("提交时间", CellKind.Time, _ => r.SubmittedAt),
            new("结论", CellKind.Text, _ => Verdicts.Of(r.Verdict)),
            new("类别", CellKind.Text, f => f.Kind),
            new("结算单号", CellKind.Text, f => f.SettlementId),
            new("医院就诊号", CellKind.Text, f => f.VisitNo),
            new("系统就诊号", CellKind.Text, f => f.EngineVisitNo),
            new("项目", CellKind.Text, f => FieldName(f.Field)),
            new("基金编码", CellKind.Text, f => codes.GetValueOrDefault(f.Field)),
            new("系统金额", CellKind.Amount, f => f.Engine),
            new("医院金额", CellKind.Amount, f => f.Hospital),
            new("差额(医院−系统)", CellKind.Amount, f => f.Difference),
            new("医院明细合计", CellKind.Amount, f => f.HospitalDetail),
            new("医院明细行号", CellKind.Text, f => f.Lines is { Count: > 0 } lines ? string.Join(' ', lines) : null),
        ];
        return ExportSheet.Of($"对账{r.Month}", columns, Findings(r));
    }

    /// <summary>The year's budgets, one row per fund.</summary>
    public static ExportSheet Budgets(BudgetsView b)
    {
        ExportColumn<FundBudgetView>[] columns =
        [
            new("年度", CellKind.Count, _ => b.Year),
            new("截至", CellKind.Time, _ => b.AsOf),
            new("基金", CellKind.Text, f => Show.Line(f.Fund)),
            new("基金编码", CellKind.Text, f => f.FundCode),
            new("年度预算", CellKind.Amount, f => f.Budget),
            new("已支出", CellKind.Amount, f => f.Spent),
            new("已承诺", CellKind.Amount, f => f.Committed),
            new("预算余额", CellKind.Amount, f => f.Remaining),
            new("年末预计支出", CellKind.Amount, f => f.ProjectedYearEnd),
            new("预计超支", CellKind.Text, f => f.ProjectedOverrun ? "是" : "否"),
            new("预计超支金额", CellKind.Amount, f => f.ProjectedOverrunBy),
        ];
        return ExportSheet.Of($"预算{b.Year}", columns, b.Funds);
    }

    /// <summary>The anti-poverty insurance warning list (防贫预警名单) of a year, one row per member-year, in the list's order.</summary>
    public static ExportSheet AntiPovertyWarnings(AntiPovertyWarningsView list)
    {
        ExportColumn<AntiPovertyWarning>[] columns =
        [
            new("年度", CellKind.Count, _ => list.Year),
            new("参保人编号", CellKind.Text, w => w.MemberId),
            new("身份证号（脱敏）", CellKind.Text, w => w.NationalIdMasked),
            new("乡镇", CellKind.Text, w => w.Township),
            new("村", CellKind.Text, w => w.Village),
            new("年度自付", CellKind.Amount, w => w.SelfPay),
            new("应赔金额", CellKind.Amount, w => w.Payout),
            new("审核状态", CellKind.Text, w => Show.Review(w.Review)),
            new("审核意见", CellKind.Text, w => w.ReviewReason),
            new("审核人", CellKind.Text, w => w.ReviewedBy),
            new("审核时间", CellKind.Time, w => w.ReviewedAt),
            new("已发放", CellKind.Amount, w => w.Booked),
        ];
        return ExportSheet.Of($"防贫预警{list.Year}", columns, list.Members);
    }

    /// <summary>A caregiver allowance run, one row per member evaluated.</summary>
    public static ExportSheet CaregiverRun(CaregiverRunView run)
    {
        ExportColumn<CaregiverDue>[] columns =
        [
            new("批次号", CellKind.Text, _ => run.RunId),
            new("年度", CellKind.Count, _ => run.Year),
            new("政策版本", CellKind.Text, _ => run.PolicyVersion),
            new("运行时间", CellKind.Time, _ => run.RanAt),
            new("参保人编号", CellKind.Text, m => m.MemberId),
            new("享受月份", CellKind.Text, m => string.Join(' ', m.Months.Select(x => x.ToString(CultureInfo.InvariantCulture)))),
            new("享受月数", CellKind.Count, m => m.Months.Count),
            new("应享金额", CellKind.Amount, m => m.Entitlement),
            new("此前已发", CellKind.Amount, m => m.PaidBefore),
            new("本次发放", CellKind.Amount, m => m.Due),
        ];
        return ExportSheet.Of($"护理补贴{run.Year}", columns, run.Members);
    }

    /// <summary>A year's children's rehabilitation claims, one row per claim, voided ones marked.</summary>
    public static ExportSheet RehabClaims(RehabClaimList list)
    {
        ExportColumn<RehabClaimView>[] columns =
        [
            new("申请编号", CellKind.Text, c => c.ClaimId),
            new("儿童编号", CellKind.Text, c => c.MemberId),
            new("服务月份", CellKind.Text, c => c.Month),
            new("康复类别", CellKind.Text, c => Show.Condition(c.Condition)),
            new("实际费用", CellKind.Amount, c => c.ActualCost),
            new("限额", CellKind.Amount, c => c.Cap),
            new("救助金额", CellKind.Amount, c => c.Amount),
            new("状态", CellKind.Text, c => c.VoidedAt is null ? "有效" : "已作废"),
            new("记账时间", CellKind.Time, c => c.BookedAt),
            new("作废时间", CellKind.Time, c => c.VoidedAt),
            new("作废原因", CellKind.Text, c => c.VoidReason),
        ];
        return ExportSheet.Of($"康复救助{list.Year}", columns, list.Claims);
    }

    /// <summary>"基本医保(390100)": a fund line's Chinese name with its code(s); the name alone when nothing carries one.</summary>
    private static string FundHeader(string name, IEnumerable<string> codes)
    {
        var distinct = codes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? name : $"{name}({string.Join('/', distinct)})";
    }

    private static Money PaymentsOf(PaymentsView p, Fund fund) => p.ToFundPayments()[fund];

    private static string Status(string status) => status switch
    {
        SettlementStatus.Settled => "已结算",
        SettlementStatus.Adjusted => "已调整",
        SettlementStatus.Voided => "已作废",
        _ => status,
    };

    private static string FieldName(string field) => field switch
    {
        "totalCost" => "医疗总费用",
        "patientPays" => "个人负担",
        "" => string.Empty,
        _ => Show.Line(field),
    };

    /// <summary>One row of a reconciliation's findings.</summary>
    private sealed record Finding(
        string Kind, string? SettlementId, string? VisitNo, string? EngineVisitNo, string Field,
        Money? Engine, Money? Hospital, Money? Difference, Money? HospitalDetail = null, IReadOnlyList<int>? Lines = null);

    private static IEnumerable<Finding> Findings(ReconciliationView r)
    {
        foreach (var t in r.Totals)
        {
            yield return new Finding("总账", null, null, null, t.Fund, t.Engine, t.Hospital, t.Difference, t.HospitalDetail);
        }

        if (r.Detail is not { } detail)
        {
            yield break;
        }

        // A settlement only the hospital has: every amount it declares is a difference (hospital − nothing).
        foreach (var e in detail.MissingInEngine)
        {
            foreach (var (field, amount) in Amounts(e))
            {
                yield return new Finding("系统无此结算", e.SettlementId, e.VisitNo, null, field, null, amount, amount, Lines: e.Lines);
            }
        }

        // A settlement only the engine has: the difference is what the hospital left out (nothing − engine).
        foreach (var e in detail.MissingInHospital)
        {
            foreach (var (field, amount) in Amounts(e))
            {
                yield return new Finding("医院无此结算", e.SettlementId, null, e.VisitNo, field, amount, null, -amount);
            }
        }

        foreach (var d in detail.Differences)
        {
            if (d.Fields.Count == 0)
            {
                // Same amounts, another visit number.
                yield return new Finding("就诊号不符", d.SettlementId, d.VisitNo, d.EngineVisitNo, string.Empty, null, null, null, Lines: d.Lines);
            }

            foreach (var f in d.Fields)
            {
                yield return new Finding("金额不符", d.SettlementId, d.VisitNo, d.EngineVisitNo, f.Field, f.Engine, f.Hospital, f.Difference, Lines: d.Lines);
            }
        }
    }

    private static IEnumerable<(string Field, Money Amount)> Amounts(DetailEntry e) =>
    [
        ("totalCost", e.TotalCost),
        .. Funds.All.Select(f => (f.Key(), PaymentsOf(e.Payments, f))),
        ("patientPays", e.PatientPays),
    ];
}
