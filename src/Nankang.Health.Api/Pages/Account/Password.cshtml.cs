using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Users;

namespace Nankang.Health.Api.Pages.Account;

/// <summary>Changing one's own password; after a forced change the cookie is issued again without the flag.</summary>
public sealed class PasswordModel(IMediator mediator) : ConsolePage(mediator)
{
    public bool MustChange => User.FindFirst(ConsoleSetup.MustChangePasswordClaim)?.Value == "true";

    [BindProperty]
    public string? Current { get; set; }

    [BindProperty]
    public string? New { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = Take(await Mediator.Send(new ChangePassword(User.Identity!.Name!, Current, New), ct));
        if (user is null)
        {
            Response.StatusCode = 400;
            return Page();
        }

        await ConsoleSetup.SignInAsync(HttpContext, user);
        return LocalRedirect(user.Role == Application.Common.CallerRole.Bureau ? "/" : "/settlements");
    }
}
