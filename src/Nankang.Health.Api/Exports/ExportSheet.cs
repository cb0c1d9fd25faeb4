using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Nankang.Health.Settlement;
using nietras.SeparatedValues;

namespace Nankang.Health.Api.Exports;

/// <summary>What a cell holds, and so how both files write it.</summary>
public enum CellKind
{
    /// <summary>Text (a formula-looking text is prefixed with <c>'</c> in the CSV, so Excel never runs it).</summary>
    Text,

    /// <summary>A whole number.</summary>
    Count,

    /// <summary><see cref="Money"/> as yuan: a number cell with the format 0.00; in the CSV two decimals.</summary>
    Amount,

    /// <summary>A <see cref="DateOnly"/>: a date cell (yyyy-mm-dd); in the CSV yyyy-MM-dd.</summary>
    Date,

    /// <summary>A <see cref="DateTimeOffset"/> shown in China Standard Time: a date-time cell; in the CSV yyyy-MM-dd HH:mm:ss.</summary>
    Time,

    /// <summary>A fraction (a reimbursement ratio): a number cell with four decimals.</summary>
    Ratio,
}

/// <summary>One column of an export: its Chinese header, what it holds, and the value it takes from a row.</summary>
public sealed record ExportColumn<TRow>(string Header, CellKind Kind, Func<TRow, object?> Value);

/// <summary>
/// An export as a table: headers and cells, written as XLSX (MiniExcel) or as CSV (Sep, UTF-8 with BOM). Both files come
/// from the same cells, so they always hold the same figures.
/// </summary>
public sealed class ExportSheet
{
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvMediaType = "text/csv; charset=utf-8";

    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private ExportSheet(string name, IReadOnlyList<(string Header, CellKind Kind)> columns, IReadOnlyList<object?[]> rows) =>
        (Name, Columns, Rows) = (name, columns, rows);

    /// <summary>The sheet's name in the workbook.</summary>
    public string Name { get; }

    public IReadOnlyList<(string Header, CellKind Kind)> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    public static ExportSheet Of<TRow>(string name, IReadOnlyList<ExportColumn<TRow>> columns, IEnumerable<TRow> rows) =>
        new(name, [.. columns.Select(c => (c.Header, c.Kind))], [.. rows.Select(r => columns.Select(c => c.Value(r)).ToArray())]);

    /// <summary>The workbook: one sheet, a header row, amounts as numbers formatted 0.00, dates as date cells.</summary>
    public byte[] ToXlsx()
    {
        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns = [.. Columns.Select((c, i) => new DynamicExcelColumn(c.Header) { Index = i, Width = Width(c), Format = XlsxFormat(c.Kind) })],
        };
        var rows = Rows.Select(row => (IDictionary<string, object?>)Columns.Select((c, i) => (c.Header, Value: XlsxValue(c.Kind, row[i])))
            .ToDictionary(x => x.Header, x => x.Value)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: Name, configuration: configuration);
        return stream.ToArray();
    }

    /// <summary>The CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese), a header row, quoting by Sep.</summary>
    public byte[] ToCsv()
    {
        using var stream = new MemoryStream();
        using (var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(text))
        {
            writer.Header.Add([.. Columns.Select(c => c.Header)]);
            foreach (var row in Rows)
            {
                using var line = writer.NewRow();
                for (var i = 0; i < Columns.Count; i++)
                {
                    line[Columns[i].Header].Set(CsvValue(Columns[i].Kind, row[i]));
                }
            }
        }

        return stream.ToArray();
    }

    private static string? XlsxFormat(CellKind kind) => kind switch
    {
        CellKind.Amount => "0.00",
        CellKind.Ratio => "0.0000",
        CellKind.Date => "yyyy-mm-dd",
        CellKind.Time => "yyyy-mm-dd hh:mm:ss",
        _ => null,
    };

    private static double Width((string Header, CellKind Kind) column) => column.Kind switch
    {
        CellKind.Time => 20,
        CellKind.Text => Math.Max(14, column.Header.Length * 2.2),
        _ => Math.Max(12, column.Header.Length * 2.2),
    };

    private static object? XlsxValue(CellKind kind, object? value) => value switch
    {
        null => null,
        Money m => m.ToDecimal(),
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        // Clerks read times in China Standard Time; a workbook's dates carry no zone.
        DateTimeOffset t => t.ToOffset(ChinaStandardTime).DateTime,
        _ when kind == CellKind.Text => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string CsvValue(CellKind kind, object? value) => value switch
    {
        null => string.Empty,
        Money m => m.ToDecimal().ToString("0.00", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToOffset(ChinaStandardTime).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        decimal r when kind == CellKind.Ratio => r.ToString("0.0000", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Guard(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    /// <summary>A text that Excel would read as a formula (=, +, -, @) is written with a leading apostrophe.</summary>
    private static string Guard(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;
}
