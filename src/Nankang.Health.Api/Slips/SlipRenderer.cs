using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Slips;

/// <summary>
/// Renders the one-stop settlement slip as one self-contained HTML page: Chinese labels from the embedded resource
/// <c>Slips/slip.zh.json</c>, every value HTML-encoded, an inline print stylesheet (A4 portrait, one page), no script and
/// nothing fetched. The same page is printed to PDF (<see cref="SlipPrinter"/>) and may be embedded by other pages.
/// </summary>
public static class SlipRenderer
{
    private static readonly IReadOnlyDictionary<string, string> Labels = Load();

    /// <summary>The stylesheet: screen and print, A4 portrait with 12 mm margins; the void mark is drawn across the page.</summary>
    public const string Stylesheet = """
        @page { size: A4 portrait; margin: 12mm; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; color: #000; margin: 0 auto; max-width: 186mm; }
        h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm; letter-spacing: 1pt; }
        h2 { font-size: 11pt; margin: 3mm 0 1mm; }
        .meta { display: flex; justify-content: space-between; font-size: 9pt; margin-bottom: 2mm; }
        table { width: 100%; border-collapse: collapse; }
        th, td { border: 0.6pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
        th { background: #eee; font-weight: normal; white-space: nowrap; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.arith { font-size: 8.5pt; }
        .totals td { font-weight: bold; }
        .capitals { font-weight: normal; }
        .note { border: 0.6pt dashed #000; padding: 1.5mm; margin-top: 2mm; }
        .void { position: relative; border: 2pt solid #c00; color: #c00; padding: 2mm; margin-bottom: 2mm; }
        .void strong { font-size: 20pt; letter-spacing: 4pt; margin-right: 4mm; }
        .signatures { display: flex; gap: 6mm; margin-top: 4mm; }
        .signatures div { flex: 1; border: 0.6pt solid #000; height: 20mm; padding: 1.5mm; }
        .printed { font-size: 9pt; margin-top: 2mm; text-align: right; }
        @media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
        """;

    public static string Render(SlipView slip)
    {
        var h = new StringBuilder(8_192);
        h.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E(L("title"))).Append(' ').Append(E(slip.SettlementId))
            .Append("</title><style>").Append(Stylesheet).Append("</style></head><body>");
        h.Append("<h1>").Append(E(L("title"))).Append("</h1>");
        h.Append("<div class=\"meta\"><span>").Append(E(L("settlementId"))).Append("：").Append(E(slip.SettlementId)).Append("</span><span>")
            .Append(E(L("bookedAt"))).Append("：").Append(Time(slip.BookedAt)).Append("</span><span>")
            .Append(E(L("policyVersion"))).Append("：").Append(E(slip.PolicyVersion)).Append("</span></div>");

        if (slip.Void is { } voided)
        {
            h.Append("<div class=\"void\" role=\"alert\"><strong>").Append(E(L("voided"))).Append("</strong>")
                .Append(E(L("voidedAt"))).Append("：").Append(Time(voided.VoidedAt)).Append("　")
                .Append(E(L("voidReason"))).Append("：").Append(E(voided.Reason)).Append("</div>");
        }

        Patient(h, slip);
        Costs(h, slip.Costs);
        Payments(h, slip);
        if (slip.TreatFirstPayLater)
        {
            h.Append("<p class=\"note\">").Append(E(L("treatFirstPayLater"))).Append("</p>");
        }

        Adjustments(h, slip);
        h.Append("<p class=\"printed\">").Append(E(L("printedAt"))).Append("：").Append(Time(slip.PrintedAt)).Append(E(L("timeZone"))).Append("</p>");
        h.Append("<div class=\"signatures\"><div>").Append(E(L("clerk"))).Append("：</div><div>").Append(E(L("patientSignature")))
            .Append("：</div><div>").Append(E(L("dateLine"))).Append("</div></div>");
        return h.Append("</body></html>").ToString();
    }

    private static void Patient(StringBuilder h, SlipView s)
    {
        var sex = Labels.TryGetValue($"sex.{s.Sex}", out var text) ? text : s.Sex;
        var categories = s.Categories.Count > 0 ? string.Join("、", s.Categories) : L("noCategory");
        h.Append("<h2>").Append(E(L("patient"))).Append("</h2><table>");
        Row(h, ("hospital", $"{s.HospitalName}（{Level(s.HospitalLevel)}{L("levelSuffix")}）"), ("visitNo", s.VisitNo));
        Row(h, ("name", s.PatientName), ("sex", sex), ("age", Invariant(s.Age) + L("ageSuffix")));
        Row(h, ("nationalId", s.NationalIdMasked), ("categories", categories));
        Row(h, ("admittedOn", Date(s.AdmittedOn)), ("dischargedOn", Date(s.DischargedOn)), ("days", Invariant(s.Days) + L("daysSuffix")));
        Row(h, ("diagnoses", string.Join("；", s.Diagnoses)));
        h.Append("</table>");
    }

    private static void Costs(StringBuilder h, SlipCosts c)
    {
        h.Append("<h2>").Append(E(L("costs"))).Append("　<small>").Append(E(L("unit"))).Append("</small></h2><table>");
        Row(h, ("totalCost", c.TotalCost.ToString()), ("inScope", c.InScope.ToString()), ("outOfScope", c.OutOfScope.ToString()));
        Row(h, ("classA", c.ClassA.ToString()), ("classB", c.ClassB.ToString()), ("classBSelfPaid", c.ClassBSelfPaid.ToString()));
        Row(h, ("classC", c.ClassC.ToString()), ("overLimit", c.OverLimit.ToString()));
        h.Append("</table>");
    }

    private static void Payments(StringBuilder h, SlipView s)
    {
        h.Append("<h2>").Append(E(L("payments"))).Append("</h2><table><thead><tr><th>").Append(E(L("lineNo"))).Append("</th><th>")
            .Append(E(L("fundCode"))).Append("</th><th>").Append(E(L("fundName"))).Append("</th><th class=\"num\">").Append(E(L("amount")))
            .Append("</th><th>").Append(E(L("arithmetic"))).Append("</th><th class=\"num\">").Append(E(L("yearToDate"))).Append("</th></tr></thead><tbody>");
        for (var i = 0; i < s.Lines.Count; i++)
        {
            var line = s.Lines[i];
            h.Append("<tr><td>").Append(i + 1).Append("</td><td>").Append(E(line.FundCode)).Append("</td><td>").Append(E(line.Name))
                .Append("</td><td class=\"num\">").Append(line.Amount.ToString()).Append("</td><td class=\"arith\">").Append(E(line.Arithmetic))
                .Append("</td><td class=\"num\">").Append(line.YearToDate.ToString()).Append("</td></tr>");
        }

        h.Append("</tbody></table><table class=\"totals\">");
        Total(h, "fundTotal", s.FundTotal, s.FundTotalCapitals);
        Total(h, "patientPays", s.PatientPays, s.PatientPaysCapitals);
        h.Append("<tr><th>").Append(E(L("ratio"))).Append("</th><td class=\"num\">").Append(s.ReimbursementRatio).Append("</td><td></td></tr></table>");
    }

    private static void Total(StringBuilder h, string label, Money amount, string capitals) =>
        h.Append("<tr><th>").Append(E(L(label))).Append("</th><td class=\"num\">").Append(amount.ToString())
            .Append("</td><td class=\"capitals\">").Append(E(L("rmb"))).Append(E(capitals)).Append("</td></tr>");

    private static void Adjustments(StringBuilder h, SlipView s)
    {
        if (s.Adjustments.Count == 0)
        {
            return;
        }

        h.Append("<h2>").Append(E(L("adjustments"))).Append("</h2><table><thead><tr><th>").Append(E(L("causedBy"))).Append("</th><th>")
            .Append(E(L("adjustedAt"))).Append("</th><th class=\"num\">").Append(E(L("adjustmentFunds"))).Append("</th><th class=\"num\">")
            .Append(E(L("adjustmentPatient"))).Append("</th></tr></thead><tbody>");
        foreach (var a in s.Adjustments)
        {
            h.Append("<tr><td>").Append(E(a.CausedBy)).Append("</td><td>").Append(Time(a.BookedAt)).Append("</td><td class=\"num\">")
                .Append(a.FundTotal.ToString()).Append("</td><td class=\"num\">").Append(a.PatientPays.ToString()).Append("</td></tr>");
        }

        h.Append("</tbody></table><p>")
            .Append(E(L("net").Replace("{fundTotal}", s.NetFundTotal.ToString(), StringComparison.Ordinal)
                .Replace("{patientPays}", s.NetPatientPays.ToString(), StringComparison.Ordinal)))
            .Append("</p>");
    }

    /// <summary>One table row of up to three label/value pairs; values are encoded here.</summary>
    private static void Row(StringBuilder h, params ReadOnlySpan<(string Label, string Value)> cells)
    {
        h.Append("<tr>");
        for (var i = 0; i < cells.Length; i++)
        {
            var (label, value) = cells[i];
            h.Append("<th>").Append(E(L(label))).Append("</th><td");
            if (i == cells.Length - 1 && cells.Length < 3)
            {
                // Rows of fewer pairs stretch their last value to the table's six columns.
                h.Append(" colspan=\"").Append(1 + (2 * (3 - cells.Length))).Append('"');
            }

            h.Append('>').Append(E(value)).Append("</td>");
        }

        h.Append("</tr>");
    }

    private static string Level(int level) => level switch { 1 => "一", 2 => "二", 3 => "三", _ => Invariant(level) };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string L(string key) =>
        Labels.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"slip.zh.json has no '{key}'.");

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(SlipRenderer).Assembly.GetManifestResourceStream("Nankang.Health.Api.Slips.slip.zh.json")
            ?? throw new InvalidOperationException("The resource slip.zh.json is not embedded.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!;
    }
}
