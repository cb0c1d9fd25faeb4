using Mediator;
using Microsoft.AspNetCore.Mvc;
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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
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
                return Page();
            }
        }

        var hospital = Caller.IsBureau ? (string.IsNullOrWhiteSpace(Hospital) ? null : Hospital.Trim()) : Caller.HospitalId;
        Settlements = Take(await Mediator.Send(new ListSettlements(Caller, hospital, null, from, to, PageNumber, 50) { Category = Category }, ct));
        return Refusal() ?? Page();
    }
}
