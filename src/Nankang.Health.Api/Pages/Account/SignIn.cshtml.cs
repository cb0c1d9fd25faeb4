using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Users;

namespace Nankang.Health.Api.Pages.Account;

/// <summary>Sign-in: name and password checked by <see cref="SignIn"/> (lockout after 5 failures), then the console's cookie.</summary>
public sealed class SignInModel(IMediator mediator) : ConsolePage(mediator)
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = Take(await Mediator.Send(new SignIn(UserName, Password), ct));
        if (user is null)
        {
            Response.StatusCode = Problem!.Status;
            return Page();
        }

        await ConsoleSetup.SignInAsync(HttpContext, user);
        if (user.MustChangePassword)
        {
            return RedirectToPage("/Account/Password");
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
