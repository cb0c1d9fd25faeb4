using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.AuditTrail;

namespace Nankang.Health.Api.Pages.Audit;

/// <summary>The audit log (审计), newest page last as the API gives it, filtered by who (key id or <c>u:name</c>) and action.</summary>
[Authorize(Policy = ConsoleSetup.Bureau)]
public sealed class IndexModel(IMediator mediator) : ConsolePage(mediator)
{
    [BindProperty(SupportsGet = true)]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public AuditPage? Entries { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var who = string.IsNullOrWhiteSpace(Who) ? null : Who.Trim();
        var action = string.IsNullOrWhiteSpace(Action) ? null : Action.Trim();
        var first = Take(await Mediator.Send(new ListAuditEntries(Caller, null, null, who, action, 1, 100), ct));

        // The newest entries first: without a page asked for, show the last page.
        var last = first is null ? 1 : Math.Max(1, (first.Total + 99) / 100);
        Entries = PageNumber is null && last > 1 ? Take(await Mediator.Send(new ListAuditEntries(Caller, null, null, who, action, last, 100), ct))
            : PageNumber is { } page && page != 1 ? Take(await Mediator.Send(new ListAuditEntries(Caller, null, null, who, action, page, 100), ct)) : first;
    }
}
