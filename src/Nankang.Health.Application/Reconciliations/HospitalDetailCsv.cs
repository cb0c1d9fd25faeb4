using Nankang.Health.Application.Common;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Reconciliations;

/// <summary>One line of a hospital's detail (对明细账): a movement of one settlement in the month, as the hospital booked it.</summary>
public sealed record HospitalDetailLine(int LineNo, string VisitNo, string SettlementId, Money TotalCost, FundPayments Payments, Money PatientPays);

/// <summary>
/// Reads a hospital's detail CSV: a header naming the ten columns (any order, case-insensitive), then one line per
/// movement. UTF-8 with or without a byte-order mark, CRLF or LF, fields optionally in double quotes. Every problem names
/// the line (1 = the header) and the column.
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
        var span = text.AsSpan();
        if (span.Length > 0 && span[0] == '\uFEFF')
        {
            span = span[1..];
        }

        var index = new int[Columns.Length];
        var header = false;
        var lineNo = 0;
        var fields = new List<string>(Columns.Length);
        while (span.Length > 0)
        {
            var end = span.IndexOf('\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            lineNo++;
            if (line.IsEmpty || line.IsWhiteSpace())
            {
                continue;
            }

            if (!Split(line, fields, out var splitProblem))
            {
                Fail($"line {lineNo}: {splitProblem}");
                continue;
            }

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

    /// <summary>Splits one line at commas; a field may be quoted with "" for a quote inside.</summary>
    private static bool Split(ReadOnlySpan<char> line, List<string> fields, out string problem)
    {
        fields.Clear();
        problem = string.Empty;
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        problem = $"column {fields.Count + 1}: a quoted field is not closed.";
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(line[i++]);
                }

                fields.Add(value.ToString());
                if (i < line.Length && line[i] != ',')
                {
                    problem = $"column {fields.Count}: text after a closing quote.";
                    return false;
                }
            }
            else
            {
                var comma = line[i..].IndexOf(',');
                var field = comma < 0 ? line[i..] : line[i..(i + comma)];
                fields.Add(field.ToString());
                i += field.Length;
            }

            if (i >= line.Length)
            {
                return true;
            }

            i++; // the comma
            if (i == line.Length)
            {
                fields.Add(string.Empty);
                return true;
            }
        }
    }
}
