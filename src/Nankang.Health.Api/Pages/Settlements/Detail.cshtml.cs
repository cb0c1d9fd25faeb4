using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Application.Settlements;

namespace Nankang.Health.Api.Pages.Settlements;

/// <summary>One settlement with its lines and adjustments; another hospital's is not found, as in the API.</summary>
public sealed class DetailModel(IMediator mediator) : ConsolePage(mediator)
{
    public SettlementView? Settlement { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Settlement = Take(await Mediator.Send(new GetSettlement(Caller, id), ct));
        return Refusal() ?? Page();
    }
}
