using System.Globalization;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Nankang.Health.Api.Pages.Reconciliations;

/// <summary>
/// A hospital's detail file as an Excel workbook (its first sheet, read by MiniExcel), turned into the detail CSV text the
/// Reconcile use case parses: row N of the sheet is line N of the text, so a malformed cell is reported at the same row
/// and column name as in a CSV upload. Numbers are written as the decimals they hold, date cells as yyyy-MM-dd.
/// </summary>
public static class DetailWorkbook
{
    /// <summary>True when <paramref name="file"/> is a workbook (by its name or its zip signature).</summary>
    public static bool IsXlsx(IFormFile file, ReadOnlySpan<byte> head) =>
        file.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || head.StartsWith("PK\u0003\u0004"u8);

    /// <summary>The sheet as CSV text; a file that is not a workbook is an <see cref="InvalidDataException"/>.</summary>
    public static string ToCsv(Stream stream)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = [.. stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException("not an Excel workbook (.xlsx).", e);
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false, DisableColCountCheck = true }).To(text))
        {
            foreach (var row in rows)
            {
                // Trailing empty cells of a row are not columns.
                var cells = row.Values.Select(Text).ToList();
                while (cells.Count > 0 && cells[^1].Length == 0)
                {
                    cells.RemoveAt(cells.Count - 1);
                }

                using var line = writer.NewRow();
                for (var i = 0; i < cells.Count; i++)
                {
                    line[i].Set(cells[i]);
                }
            }
        }

        return text.ToString();
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        // A number cell is a double: as a decimal it prints the yuan the clerk typed (11681.01, not 11681.0100000001).
        double d => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
