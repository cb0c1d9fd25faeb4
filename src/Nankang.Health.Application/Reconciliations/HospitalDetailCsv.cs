using nietras.SeparatedValues;
using Nankang.Health.Application.Common;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Reconciliations;

/// <summary>One line of a hospital's detail (对明细账): a movement of one settlement in the month, as the hospital booked it.</summary>
public sealed record HospitalDetailLine(int LineNo, string VisitNo, string SettlementId, Money TotalCost, FundPayments Payments, Money PatientPays);

/// <summary>
/// Reads a hospital's detail CSV: a header naming the ten columns (any order, case-insensitive), then one line per
/// movement. UTF-8 with or without a byte-order mark, CRLF or LF, fields optionally in double quotes (split by Sep). Every problem
/// names the line (1 = the header) and the column.
/// </summary>
public static class HospitalDetailCsv
{
    public const int MaxLines = 200_000;

    /// <summary>
    /// The longest detail accepted, in characters: far above 200,000 lines of the ten columns at their usual width, and
    /// within the API's 4 MB body limit (4,194,304 bytes) so the limit is reachable and answered with a 400 naming the field.
    /// </summary>
    public const int MaxChars = 4_000_000;
    private const int MaxProblems = 50;

    public static readonly string[] Columns =
    [
        "visitNo", "settlementId", "totalCost", "basicInsurance", "seriousIllnessInsurance", "supplementaryInsurance",
        "medicalAssistance", "specialReliefTopUp", "specialReliefHighCost", "patientPays",
    ];

    /// <summary>The parsed lines, or the problems (keyed by <paramref name="path"/>; nothing is partially accepted).</summary>
    public static (IReadOnlyList<HospitalDetailLine> Lines, ValidationErrors Errors) Parse(string text, string path)
    {
        var errors = new ValidationErrors();
        var problems = 0;
        void Fail(string message)
        {
            if (++problems <= MaxProblems)
            {
                errors.Add(path, message);
            }
            else if (problems == MaxProblems + 1)
            {
                errors.Add(path, $"more than {MaxProblems} problems; the rest are not listed.");
            }
        }

        var lines = new List<HospitalDetailLine>();
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var index = new int[Columns.Length];
        var header = false;
        var fields = new List<string>(Columns.Length);
        foreach (var (lineNo, row) in Rows(text))
        {
            if (problems > MaxProblems)
            {
                // Nothing more is listed, and a detail with problems is refused as a whole.
                break;
            }

            if (row is { Problem: { } splitProblem })
            {
                Fail($"line {lineNo}: {splitProblem}");
                continue;
            }

            fields.Clear();
            fields.AddRange(row.Fields!);
            if (!header)
            {
                if (!ReadHeader(fields, index, lineNo, Fail))
                {
                    return ([], errors);
                }

                header = true;
                continue;
            }

            if (lines.Count >= MaxLines)
            {
                Fail($"line {lineNo}: more than {MaxLines} detail lines.");
                break;
            }

            if (fields.Count != Columns.Length)
            {
                Fail($"line {lineNo}: {fields.Count} columns, expected {Columns.Length}.");
                continue;
            }

            var ok = true;
            string Text(int column)
            {
                var value = fields[index[column] - 1].Trim();
                if (value.Length == 0 || value.Length > 64)
                {
                    Fail($"line {lineNo}, column {index[column]} ({Columns[column]}): must be 1 to 64 characters.");
                    ok = false;
                }

                return value;
            }

            Money Amount(int column)
            {
                var value = fields[index[column] - 1].AsSpan().Trim();
                if (!Money.TryParse(value, out var money) || money > Money.MaxInput || money < -Money.MaxInput)
                {
                    Fail($"line {lineNo}, column {index[column]} ({Columns[column]}): '{value}' is not an amount of yuan with at most two decimals.");
                    ok = false;
                }

                return money;
            }

            var visitNo = Text(0);
            var settlementId = Text(1);
            var totalCost = Amount(2);
            var payments = new FundPayments(Amount(3), Amount(4), Amount(5), Amount(6), Amount(7), Amount(8));
            var patientPays = Amount(9);
            if (ok)
            {
                lines.Add(new HospitalDetailLine(lineNo, visitNo, settlementId, totalCost, payments, patientPays));
            }
        }

        if (!header)
        {
            Fail($"line 1: the header is missing; expected the columns {string.Join(',', Columns)}.");
        }

        return (lines, errors);
    }

    private static bool ReadHeader(List<string> fields, int[] index, int lineNo, Action<string> fail)
    {
        var ok = true;
        for (var f = 0; f < fields.Count; f++)
        {
            var name = fields[f].Trim();
            var column = Array.FindIndex(Columns, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (column < 0)
            {
                fail($"line {lineNo}, column {f + 1}: unknown column '{name}'; expected {string.Join(',', Columns)}.");
                ok = false;
            }
            else if (index[column] > 0)
            {
                fail($"line {lineNo}, column {f + 1}: column '{Columns[column]}' appears twice.");
                ok = false;
            }
            else
            {
                index[column] = f + 1;
            }
        }

        for (var c = 0; c < Columns.Length; c++)
        {
            if (index[c] == 0)
            {
                fail($"line {lineNo}: column '{Columns[c]}' is missing.");
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>
    /// The non-blank lines of the detail, each split into its fields by Sep, or the quoting problem of that line: a quoted
    /// field must close on its own line (a field that runs on over a line break is "not closed", and the next line is read
    /// on its own, as a line of its own), and nothing may follow its closing quote but the comma.
    /// </summary>
    private static List<(int LineNo, (string[]? Fields, string? Problem) Row)> Rows(string text)
    {
        var rows = new List<(int, (string[]?, string?))>();
        var offset = 0;
        var firstLine = 1;
        while (offset < text.Length)
        {
            var restart = -1;
            using (var reader = Sep.Reader(o => o with { Sep = new Sep(','), HasHeader = false, DisableColCountCheck = true, Unescape = false })
                .FromText(text[offset..]))
            {
                foreach (var row in reader)
                {
                    // Sep 0.17.1 numbers the first row's line 2; it starts on the first line of the text it was given.
                    var from = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
                    var lineNo = firstLine + from - 1;
                    if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
                    {
                        continue;
                    }

                    var fields = new string[row.ColCount];
                    string? problem = null;
                    for (var c = 0; c < fields.Length && problem is null; c++)
                    {
                        var raw = row[c].Span;
                        if (raw.IndexOfAny('\r', '\n') >= 0 && raw.Length > 0 && raw[0] == '"')
                        {
                            problem = $"column {c + 1}: a quoted field is not closed.";
                        }
                        else
                        {
                            (fields[c], problem) = Unquote(raw, c + 1);
                        }
                    }

                    if (problem is not null)
                    {
                        rows.Add((lineNo, (null, problem)));
                        if (row.LineNumberToExcl - from > 1)
                        {
                            // Sep read on to the quote's close; read the next line afresh instead.
                            restart = from;
                            break;
                        }

                        continue;
                    }

                    rows.Add((lineNo, (fields, null)));
                }
            }

            if (restart < 0)
            {
                return rows;
            }

            // The offset of the line after the row's first line, relative to the text Sep was given.
            for (var l = 0; l < restart; l++)
            {
                var next = text.IndexOf('\n', offset);
                offset = next < 0 ? text.Length : next + 1;
            }

            firstLine += restart;
        }

        return rows;
    }

    /// <summary>A raw field as Sep found it: plain, or in double quotes with "" for a quote inside.</summary>
    private static (string Field, string? Problem) Unquote(ReadOnlySpan<char> raw, int column)
    {
        if (raw.IsEmpty || raw[0] != '"')
        {
            return (raw.ToString(), null);
        }

        var value = new System.Text.StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] != '"')
            {
                value.Append(raw[i]);
            }
            else if (i + 1 < raw.Length && raw[i + 1] == '"')
            {
                value.Append('"');
                i++;
            }
            else
            {
                return i == raw.Length - 1 ? (value.ToString(), null) : (string.Empty, $"column {column}: text after a closing quote.");
            }
        }

        return (string.Empty, $"column {column}: a quoted field is not closed.");
    }
}
