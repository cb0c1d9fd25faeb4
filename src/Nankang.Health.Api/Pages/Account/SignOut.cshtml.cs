using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Api.Pages.Account;

/// <summary>Sign-out (a form post, so another site cannot sign a person out): the cookie is removed and the act audited.</summary>
public sealed class SignOutModel(IMediator mediator, IHealthStore store, TimeProvider clock) : ConsolePage(mediator)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Application.Common.Audit.Record(store, Caller, clock.GetUtcNow().UtcDateTime, "console.signout", $"user:{User.Identity!.Name}", 200);
        await store.SaveChangesAsync(ct);
        await HttpContext.SignOutAsync(ConsoleSetup.Scheme);
        return RedirectToPage("/Account/SignIn");
    }
}
