using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Application.Statements;

namespace Nankang.Health.Api.Pages.Statements;

/// <summary>The months of a year with their state (open or closed) and net; a hospital sees its own part of each.</summary>
public sealed class IndexModel(IMediator mediator, TimeProvider clock) : ConsolePage(mediator)
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public IReadOnlyList<StatementView> Months { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Year ??= StatementMonth.Of(now).Year;
        var months = new List<StatementView>();
        for (var m = 1; m <= 12 && new StatementMonth(Year.Value, m).Start <= now; m++)
        {
            var result = await Mediator.Send(new GetStatement(Caller, $"{Year:0000}-{m:00}", Caller.IsBureau ? null : Caller.HospitalId), ct);
            if (result.Value is { } statement)
            {
                months.Add(statement);
            }
        }

        Months = months;
    }
}
