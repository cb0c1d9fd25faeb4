using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Members;

namespace Nankang.Health.Api.Pages.Registry;

/// <summary>
/// The registry (人员): one member by member id or national ID, each lookup audited by <see cref="FindMember"/>. The
/// national ID is asked in a form post, so it never appears in a URL, a log line or the browser's history.
/// </summary>
[Authorize(Policy = ConsoleSetup.Bureau)]
public sealed class IndexModel(IMediator mediator) : ConsolePage(mediator)
{
    [BindProperty]
    public string? Query { get; set; }

    public FoundMemberView? Found { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Found = Take(await Mediator.Send(new FindMember(Caller, Query), ct));
        if (Found is null)
        {
            Response.StatusCode = Problem!.Status;
        }

        Query = null;
        return Page();
    }
}
