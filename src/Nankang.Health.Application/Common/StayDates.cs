using Nankang.Health.Application.Statements;

namespace Nankang.Health.Application.Common;

/// <summary>
/// The plausible window of a stay's dates (docs/api-contract.md): nothing before <see cref="Earliest"/>, nothing after
/// tomorrow in district time (China Standard Time, so a discharge entered just after midnight anywhere in the district,
/// or by a server clock a little behind, still passes), and a stay of at most <see cref="MaxStayYears"/> years. A date
/// outside it is a typing or system error; booked, it would sit in the ledger for good.
/// </summary>
public static class StayDates
{
    public const int MaxStayYears = 5;

    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The latest date accepted: tomorrow in the district.</summary>
    public static DateOnly Latest(TimeProvider clock) =>
        DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(StatementMonth.Offset).DateTime).AddDays(1);

    /// <summary>Adds a 400 for an admission or discharge date outside the window, or a stay longer than allowed.</summary>
    public static void Check(ValidationErrors errors, DateOnly? admittedOn, DateOnly? dischargedOn, TimeProvider clock)
    {
        var latest = Latest(clock);
        foreach (var (path, date) in new[] { ("admittedOn", admittedOn), ("dischargedOn", dischargedOn) })
        {
            if (date is { } d && (d < Earliest || d > latest))
            {
                errors.Add(path, $"must be from {Earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd} (tomorrow, China Standard Time).");
            }
        }

        if (admittedOn is { } admitted && dischargedOn is { } discharged && discharged > admitted.AddYears(MaxStayYears))
        {
            errors.Add("dischargedOn", $"a stay may last at most {MaxStayYears} years.");
        }
    }
}
