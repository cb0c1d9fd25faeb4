using System.Globalization;
using MiniExcelLibs;
using nietras.SeparatedValues;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Members.Import;

/// <summary>The kinds of registry file the import reads.</summary>
public enum MemberFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>The columns of a registry file, each with the header names accepted for it (docs/bureau.md).</summary>
public enum MemberColumn
{
    MemberId,
    NationalId,
    Name,
    BirthDate,
    Sex,
    Township,
    Village,
    Categories,
}

/// <summary>One data row of a registry file: its row number as a spreadsheet shows it (the header is row 1) and its cells as text.</summary>
public sealed record MemberFileRow(int RowNumber, string?[] Cells)
{
    public string? this[MemberColumn column] => Cells[(int)column];

    public bool IsBlank => Array.TrueForAll(Cells, string.IsNullOrWhiteSpace);
}

/// <summary>
/// Reads a registry file (CSV through Sep, XLSX through MiniExcel, both streaming): a header row naming the columns in any
/// order, in English or Chinese, then one row per member. The cells come back as text in the order of
/// <see cref="MemberColumn"/>; an XLSX date cell comes back as <c>yyyy-MM-dd</c>. Columns it does not know are ignored.
/// </summary>
public static class MemberFile
{
    /// <summary>Header names per column, compared after removing spaces, '_' and '-' and ignoring case.</summary>
    public static readonly IReadOnlyDictionary<MemberColumn, string[]> HeaderNames = new Dictionary<MemberColumn, string[]>
    {
        [MemberColumn.MemberId] = ["memberId", "人员编号"],
        [MemberColumn.NationalId] = ["nationalId", "身份证号", "身份证号码"],
        [MemberColumn.Name] = ["name", "姓名"],
        [MemberColumn.BirthDate] = ["birthDate", "出生日期"],
        [MemberColumn.Sex] = ["sex", "性别"],
        [MemberColumn.Township] = ["township", "乡镇", "乡镇（街道）"],
        [MemberColumn.Village] = ["village", "村", "村（社区）"],
        [MemberColumn.Categories] = ["categories", "类别", "人员类别"],
    };

    /// <summary>The English header name of a column, as error messages name it.</summary>
    public static string NameOf(MemberColumn column) => HeaderNames[column][0];

    /// <summary>
    /// The data rows. A problem with the file as a whole (no header, a required column missing, a column twice, not a
    /// workbook) is thrown as <see cref="InvalidDataException"/> when the rows are first enumerated.
    /// </summary>
    public static IEnumerable<MemberFileRow> Read(Stream stream, MemberFileFormat format) =>
        format == MemberFileFormat.Csv ? ReadCsv(stream) : ReadXlsx(stream);

    private static IEnumerable<MemberFileRow> ReadCsv(Stream stream)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = false }).From(stream);
        var rowNumber = 0;
        int[]? map = null;
        while (reader.MoveNext())
        {
            rowNumber++;
            var cells = Cells(reader.Current);
            if (map is null)
            {
                map = MapHeader(cells);
                continue;
            }

            yield return new MemberFileRow(rowNumber, Pick(cells, map));
        }

        if (map is null)
        {
            throw new InvalidDataException("The file is empty: a header row is required.");
        }
    }

    private static string?[] Cells(SepReader.Row row)
    {
        var cells = new string?[row.ColCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = row[i].ToString();
        }

        return cells;
    }

    private static IEnumerable<MemberFileRow> ReadXlsx(Stream stream)
    {
        int[]? map = null;
        var rowNumber = 0;
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            rowNumber++;
            var cells = row.Values.Select(Text).ToArray();
            if (map is null)
            {
                map = MapHeader(cells);
                continue;
            }

            yield return new MemberFileRow(rowNumber, Pick(cells, map));
        }

        if (map is null)
        {
            throw new InvalidDataException("The workbook's first sheet is empty: a header row is required.");
        }
    }

    /// <summary>A date as a clerk types it: <c>yyyy-MM-dd</c>, or with '/' or '.', months and days with or without a leading zero.</summary>
    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>For each <see cref="MemberColumn"/>, the index of its cell in a row (-1 when the file has no such column).</summary>
    private static int[] MapHeader(string?[] header)
    {
        var map = Enumerable.Repeat(-1, HeaderNames.Count).ToArray();
        for (var i = 0; i < header.Length; i++)
        {
            var name = Normalize(header[i]);
            foreach (var (column, names) in HeaderNames)
            {
                if (!names.Any(n => Normalize(n) == name))
                {
                    continue;
                }

                if (map[(int)column] >= 0)
                {
                    throw new InvalidDataException($"The header names the column {NameOf(column)} twice.");
                }

                map[(int)column] = i;
            }
        }

        var missing = HeaderNames.Keys.Where(c => c is not (MemberColumn.Township or MemberColumn.Village or MemberColumn.Categories) && map[(int)c] < 0).ToList();
        return missing.Count == 0
            ? map
            : throw new InvalidDataException($"The header row lacks the column(s) {string.Join(", ", missing.Select(c => $"{NameOf(c)} ({HeaderNames[c][1]})"))}.");
    }

    private static string Normalize(string? name) =>
        string.Concat((name ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c is not ('_' or '-' or '\uFEFF'))).ToUpperInvariant();

    private static string?[] Pick(string?[] cells, int[] map) =>
        [.. map.Select(i => i >= 0 && i < cells.Length ? cells[i]?.Trim() : null)];
}

/// <summary>
/// The categories cell: periods separated by ';' (or '；'), each <c>category:from~to</c> with <c>to</c> empty when
/// open-ended, e.g. <c>建档立卡:2015-01-01~; 低保:2016-01-01~2018-12-31</c>. A category is named in English
/// (<c>RegisteredPoor</c>, <c>Dibao</c>, <c>Tekun</c>, <c>Marginal</c>) or Chinese (建档立卡, 低保, 特困, 边缘户 and their long forms).
/// </summary>
public static class CategoryCell
{
    private static readonly Dictionary<string, Category> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RegisteredPoor"] = Category.RegisteredPoor, ["建档立卡"] = Category.RegisteredPoor, ["建档立卡贫困人口"] = Category.RegisteredPoor,
        ["Dibao"] = Category.Dibao, ["低保"] = Category.Dibao, ["低保对象"] = Category.Dibao,
        ["Tekun"] = Category.Tekun, ["特困"] = Category.Tekun, ["特困供养人员"] = Category.Tekun,
        ["Marginal"] = Category.Marginal, ["边缘户"] = Category.Marginal, ["非贫低收入户"] = Category.Marginal,
    };

    /// <summary>The cell of the periods, with English names: what <see cref="Parse"/> reads back.</summary>
    public static string Format(IEnumerable<CategoryPeriod> periods) =>
        string.Join(';', periods.Select(p => $"{p.Category}:{p.From:yyyy-MM-dd}~{p.To:yyyy-MM-dd}"));

    public static IReadOnlyList<CategoryPeriod> Parse(string? cell, out string? error)
    {
        error = null;
        var periods = new List<CategoryPeriod>();
        foreach (var part in (cell ?? string.Empty).Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOfAny([':', '：']);
            var range = colon < 0 ? [] : part[(colon + 1)..].Split(['~', '～']);
            if (colon < 0 || range.Length != 2)
            {
                error = $"'{part}' is not category:from~to.";
                return [];
            }

            if (!Names.TryGetValue(part[..colon].Trim(), out var category))
            {
                error = $"'{part[..colon].Trim()}' is not a category (建档立卡, 低保, 特困, 边缘户).";
                return [];
            }

            var from = MemberFile.ParseDate(range[0].Trim());
            var toText = range[1].Trim();
            var to = toText.Length == 0 ? null : MemberFile.ParseDate(toText);
            if (from is null || (toText.Length > 0 && to is null))
            {
                error = $"'{part}' has a date that is not yyyy-MM-dd.";
                return [];
            }

            periods.Add(new CategoryPeriod(category, from.Value, to));
        }

        return periods;
    }
}
