using System.Globalization;

namespace Nankang.Health.Application.Statements;

/// <summary>
/// A statement month (yyyy-MM). Months are cut in China Standard Time (UTC+08:00, no daylight saving), the bureau's
/// own calendar: an entry booked at 2020-05-31T17:00Z (01:00 on 1 June in Ganzhou) belongs to June.
/// </summary>
public readonly record struct StatementMonth(int Year, int Month)
{
    /// <summary>China Standard Time; the offset of every month boundary.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public const string TimeZoneName = "China Standard Time (UTC+08:00)";

    /// <summary>The length of a month's text, <c>yyyy-MM</c>.</summary>
    public const int TextLength = 7;

    /// <summary>The first instant of the month, at +08:00.</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, Offset);

    /// <summary>The first instant of the next month, at +08:00 (exclusive end).</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    public DateTime StartUtc => Start.UtcDateTime;

    public DateTime EndUtc => End.UtcDateTime;

    public StatementMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    /// <summary>The month an instant belongs to (its date in China Standard Time).</summary>
    public static StatementMonth Of(DateTimeOffset at)
    {
        var local = at.ToOffset(Offset);
        return new(local.Year, local.Month);
    }

    public static StatementMonth Of(DateTime utc) => Of(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>
    /// Reads a month a request names at <paramref name="path"/>: <c>yyyy-MM</c>, and already started at <paramref name="now"/>.
    /// Problems are added to <paramref name="errors"/>; the month is <c>default</c> then.
    /// </summary>
    public static StatementMonth Started(Common.ValidationErrors errors, string path, string? text, DateTimeOffset now)
    {
        if (text is { Length: > TextLength })
        {
            errors.MaxLength(path, text, TextLength);
        }
        else if (!TryParse(text, out var month))
        {
            errors.Add(path, "must be a month as yyyy-MM.");
        }
        else if (month.Start > now)
        {
            errors.Add(path, "has not started yet.");
        }
        else
        {
            return month;
        }

        return default;
    }

    /// <summary>Parses <c>yyyy-MM</c> (years 2000–2099) exactly.</summary>
    public static bool TryParse(string? text, out StatementMonth month)
    {
        month = default;
        if (text is null || text.Length != TextLength || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || y is < 2000 or > 2099 || m is < 1 or > 12)
        {
            return false;
        }

        month = new(y, m);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");
}
