using MiniExcelLibs;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Statements;

/// <summary>
/// A month's statement as an Excel workbook (MiniExcel): one row per payee and payment line, Chinese column headers with
/// the fund code in its own column, counts as integers and amounts as numbers in yuan with two decimals.
/// </summary>
public static class StatementWorkbook
{
    public static readonly string[] Headers =
        ["月份", "状态", "收款方", "收款方名称", "支付项目", "基金编码", "结算笔数", "结算金额", "冲销笔数", "冲销金额", "调整笔数", "调整金额", "净额"];

    public static byte[] ToXlsx(StatementView statement)
    {
        var rows = statement.Payees.SelectMany(p => p.Lines.Select(l => (IDictionary<string, object>)new Dictionary<string, object>
        {
            [Headers[0]] = statement.Month,
            [Headers[1]] = statement.Status == MonthStatements.Closed ? "已关账" : "未关账",
            [Headers[2]] = p.Payee,
            [Headers[3]] = p.PayeeName,
            [Headers[4]] = l.Line,
            [Headers[5]] = l.FundCode,
            [Headers[6]] = l.Settlements.Count,
            [Headers[7]] = Yuan(l.Settlements.Amount),
            [Headers[8]] = l.Reversals.Count,
            [Headers[9]] = Yuan(l.Reversals.Amount),
            [Headers[10]] = l.Adjustments.Count,
            [Headers[11]] = Yuan(l.Adjustments.Amount),
            [Headers[12]] = Yuan(l.Net),
        })).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }

    private static decimal Yuan(Money amount) => amount.ToDecimal();
}
