using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Exports;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Statements;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Pages.Settlements;

/// <summary>Settlements (结算) filtered by hospital, discharge month and category; a hospital's staff see their own only.</summary>
public sealed class IndexModel(IMediator mediator) : ConsolePage(mediator)
{
    [BindProperty(SupportsGet = true)]
    public string? Hospital { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public Category? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public SettlementPage? Settlements { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>The page shown, as XLSX or CSV: the same file as the API's list with <c>format=</c>.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? file, CancellationToken ct) =>
        await LoadAsync(ct) ?? (Settlements is { } list ? Download(ExportTables.Settlements(list), file, $"settlements-page{list.Page}") : Page());

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        DateOnly? from = null, to = null;
        if (!string.IsNullOrEmpty(Month))
        {
            if (StatementMonth.TryParse(Month, out var month))
            {
                from = new DateOnly(month.Year, month.Month, 1);
                to = from.Value.AddMonths(1).AddDays(-1);
            }
            else
            {
                Problem = Application.Common.Problem.Validation("month", "月份格式为 yyyy-MM。");
                return null;
            }
        }

        var hospital = Caller.IsBureau ? (string.IsNullOrWhiteSpace(Hospital) ? null : Hospital.Trim()) : Caller.HospitalId;
        Settlements = Take(await Mediator.Send(new ListSettlements(Caller, hospital, null, from, to, PageNumber, 50) { Category = Category }, ct));
        return Refusal();
    }
}
