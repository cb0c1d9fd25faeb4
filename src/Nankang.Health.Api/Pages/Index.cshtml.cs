using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Application.Budgets;
using Nankang.Health.Application.Dashboard;
using Nankang.Health.Application.Statements;

namespace Nankang.Health.Api.Pages;

/// <summary>
/// The dashboard (首页) of a year and month: spending per payment line by month (the month statements), the two budgets
/// the plan caps (GetBudgets), the month's totals per hospital, and the poor patients' reimbursement ratios
/// (GetPoorPatientRatios). Every figure comes from the use case behind the API's route for the same thing.
/// </summary>
public sealed class IndexModel(IMediator mediator, TimeProvider clock) : ConsolePage(mediator)
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Month { get; set; }

    public IReadOnlyList<StatementView> Months { get; private set; } = [];

    public StatementView? Selected { get; private set; }

    public BudgetsView? Budgets { get; private set; }

    public PoorPatientRatiosView? Ratios { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Caller.IsBureau)
        {
            return Redirect("/settlements");
        }

        var today = StatementMonth.Of(clock.GetUtcNow());
        Year ??= today.Year;
        Month ??= Year == today.Year ? today.Month : 12;
        var months = new List<StatementView>();
        for (var m = 1; m <= 12; m++)
        {
            // A month not yet begun has no statement; the chart stops at the current month.
            if (new StatementMonth(Year.Value, m).Start > clock.GetUtcNow())
            {
                break;
            }

            if ((await Mediator.Send(new GetStatement(Caller, $"{Year:0000}-{m:00}", null), ct)).Value is { } statement)
            {
                months.Add(statement);
            }
        }

        Months = months;
        Selected = months.FirstOrDefault(s => s.Month == $"{Year:0000}-{Month:00}");
        Budgets = Take(await Mediator.Send(new GetBudgets(Year.Value), ct));
        Ratios = Take(await Mediator.Send(new GetPoorPatientRatios(Caller, Year.Value, Month), ct));
        return Page();
    }

    /// <summary>The year's budgets of every fund as XLSX or CSV: the same file as the API's budgets with <c>format=</c>.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? file, CancellationToken ct)
    {
        if (!Caller.IsBureau)
        {
            return Forbid(Http.ConsoleSetup.Scheme);
        }

        Year ??= StatementMonth.Of(clock.GetUtcNow()).Year;
        Budgets = Take(await Mediator.Send(new GetBudgets(Year.Value), ct));
        return Budgets is null ? BadRequest() : Download(Exports.ExportTables.Budgets(Budgets), file, $"budgets-{Year}");
    }
}
