using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Nankang.Health.Api.Pages;

/// <summary>
/// Charts drawn on the server as SVG: no script, nothing fetched. Each chart has a title for screen readers; the page shows
/// the same figures in a table beside it. Colours are fixed per series so a month reads the same in every chart.
/// </summary>
public static class SvgChart
{
    public static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>Stacked bars: one bar per category (month), one segment per series (fund), values in yuan.</summary>
    public static IHtmlContent StackedBars(string title, IReadOnlyList<string> categories, IReadOnlyList<(string Name, decimal[] Values)> series)
    {
        const int Width = 760, Height = 260, Left = 80, Bottom = 30, Top = 10;
        var totals = categories.Select((_, i) => series.Sum(s => Math.Max(0, s.Values[i]))).ToArray();
        var max = Nice(totals.DefaultIfEmpty(0).Max());
        var barWidth = (Width - Left - 10) / Math.Max(1, categories.Count);
        var svg = Open(title, Width, Height + 24 * ((series.Count + 3) / 4));
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = Top + (Height - Top - Bottom) * (4 - tick) / 4.0;
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{max * tick / 4:#,##0}</text>"));
        }

        for (var i = 0; i < categories.Count; i++)
        {
            var x = Left + (i * barWidth) + 4;
            var bottom = (double)(Height - Bottom);
            for (var s = 0; s < series.Count; s++)
            {
                var value = Math.Max(0, series[s].Values[i]);
                var h = max == 0 ? 0 : (double)(value / max) * (Height - Top - Bottom);
                if (h > 0)
                {
                    bottom -= h;
                    svg.Append(Invariant($"<rect x=\"{x}\" y=\"{bottom:0.##}\" width=\"{barWidth - 8}\" height=\"{h:0.##}\" fill=\"{Colours[s % Colours.Length]}\"><title>{Escape(categories[i])} {Escape(series[s].Name)}：{value:#,##0.00}</title></rect>"));
                }
            }

            svg.Append(Invariant($"<text x=\"{x + ((barWidth - 8) / 2)}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{Escape(categories[i])}</text>"));
        }

        Legend(svg, series.Select(s => s.Name).ToList(), Height + 4);
        return Close(svg);
    }

    /// <summary>A budget as a horizontal bar: spent, committed, and the year-end projection against the budget line.</summary>
    public static IHtmlContent Budget(string title, decimal budget, decimal spent, decimal committed, decimal projected, bool overrun)
    {
        const int Width = 760, Left = 10, BarTop = 20, BarHeight = 28;
        var max = Nice(Math.Max(budget, Math.Max(projected, spent + committed)));
        double X(decimal v) => Left + (max == 0 ? 0 : (double)(v / max) * (Width - Left - 20));
        var svg = Open(title, Width, 110);
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{BarTop}\" width=\"{X(max) - Left:0.##}\" height=\"{BarHeight}\" fill=\"#eee\"/>"));
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{BarTop}\" width=\"{X(spent) - Left:0.##}\" height=\"{BarHeight}\" fill=\"{Colours[0]}\"><title>已支出 {spent:#,##0.00}</title></rect>"));
        svg.Append(Invariant($"<rect x=\"{X(spent):0.##}\" y=\"{BarTop}\" width=\"{X(spent + committed) - X(spent):0.##}\" height=\"{BarHeight}\" fill=\"{Colours[1]}\"><title>已承诺 {committed:#,##0.00}</title></rect>"));
        svg.Append(Invariant($"<line x1=\"{X(projected):0.##}\" x2=\"{X(projected):0.##}\" y1=\"{BarTop - 8}\" y2=\"{BarTop + BarHeight + 8}\" stroke=\"{(overrun ? "#b00" : "#333")}\" stroke-width=\"3\" stroke-dasharray=\"4 2\"><title>年末预计 {projected:#,##0.00}</title></line>"));
        svg.Append(Invariant($"<line x1=\"{X(budget):0.##}\" x2=\"{X(budget):0.##}\" y1=\"{BarTop - 12}\" y2=\"{BarTop + BarHeight + 12}\" stroke=\"#000\" stroke-width=\"3\"><title>预算 {budget:#,##0.00}</title></line>"));
        Legend(svg, ["已支出", "已承诺", overrun ? "年末预计（超支）" : "年末预计", "预算"], 78, [Colours[0], Colours[1], overrun ? "#b00" : "#333", "#000"]);
        return Close(svg);
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<string> names, int top, IReadOnlyList<string>? colours = null)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var (x, y) = (10 + (i % 4 * 185), top + (i / 4 * 22));
            svg.Append(Invariant($"<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{colours?[i] ?? Colours[i % Colours.Length]}\"/>"));
            svg.Append(Invariant($"<text x=\"{x + 18}\" y=\"{y + 11}\" font-size=\"12\">{Escape(names[i])}</text>"));
        }
    }

    private static StringBuilder Open(string title, int width, int height) =>
        new StringBuilder().Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" class=\"chart\" role=\"img\" aria-label=\"{Escape(title)}\"><title>{Escape(title)}</title>"));

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    /// <summary>A round axis maximum at or above <paramref name="value"/> (1, 2 or 5 times a power of ten).</summary>
    private static decimal Nice(decimal value)
    {
        if (value <= 0)
        {
            return 0;
        }

        var power = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        foreach (var step in new[] { 1m, 2m, 5m, 10m })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
