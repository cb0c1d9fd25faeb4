using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Users;

namespace Nankang.Health.Api.Pages.Users;

/// <summary>
/// The accounts (bureau administrators only): the list; an account unlocked, disabled or enabled, or given a new password
/// to be changed at the next sign-in (<see cref="ManageUser"/>); a new account with a first password to be changed.
/// </summary>
[Authorize(Policy = ConsoleSetup.Administrator)]
public sealed class IndexModel(IMediator mediator) : ConsolePage(mediator)
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public CallerRole? Role { get; set; }

    [BindProperty]
    public string? HospitalId { get; set; }

    [BindProperty]
    public bool IsAdministrator { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public UserView? Added { get; private set; }

    /// <summary>The account just changed, and what was done to it.</summary>
    public (UserView User, UserAction Action)? Managed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Users = Take(await Mediator.Send(new ListUsers(Caller), ct)) ?? [];

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Added = Take(await Mediator.Send(new AddUser(Caller, new UserBody(UserName, DisplayName, Role, HospitalId, IsAdministrator, Password)), ct));
        Password = null;
        return await PageAfterActionAsync(() => OnGetAsync(ct));
    }

    public async Task<IActionResult> OnPostManageAsync(string? target, UserAction action, string? newPassword, CancellationToken ct)
    {
        var user = Take(await Mediator.Send(new ManageUser(Caller, target, action, newPassword), ct));
        Managed = user is null ? null : (user, action);
        return await PageAfterActionAsync(() => OnGetAsync(ct));
    }
}
