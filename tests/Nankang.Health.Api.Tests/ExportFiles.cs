using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Nankang.Health.Api.Tests;

/// <summary>Reads an export back as a spreadsheet program would: the XLSX with MiniExcel, the CSV with Sep.</summary>
public static class ExportFiles
{
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The CSV's header and rows (text as written); fails unless it starts with the UTF-8 byte-order mark.</summary>
    public static (IReadOnlyList<string> Headers, List<Dictionary<string, string>> Rows) ReadCsv(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "the CSV does not start with the UTF-8 BOM");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(text);
        var headers = reader.Header.ColNames.ToList();
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var h in headers)
            {
                cells[h] = row[h].ToString();
            }

            rows.Add(cells);
        }

        return (headers, rows);
    }

    /// <summary>The workbook's first sheet: the header row and the typed cells (double for numbers, DateTime for dates).</summary>
    public static (IReadOnlyList<string> Headers, List<Dictionary<string, object?>> Rows) ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var all = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.NotEmpty(all);
        var columns = all[0].Keys.ToList();
        var headers = columns.Select(c => Convert.ToString(all[0][c], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToList();
        var rows = all.Skip(1).Select(r => columns.Select((c, i) => (headers[i], r[c])).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal)).ToList();
        return (headers, rows);
    }

    /// <summary>The number formats of the workbook's styles (styles.xml), to see that amounts are formatted 0.00.</summary>
    public static string Styles(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Every cell of the workbook as text, one per line: what a reader of the file sees (for leak checks).</summary>
    public static string XlsxText(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return string.Join('\n', stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
            .SelectMany(r => r.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
