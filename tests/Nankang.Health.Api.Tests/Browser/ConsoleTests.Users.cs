using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Nankang.Health.Api.Tests.Browser;

/// <summary>
/// The administrator's account management on /users (ManageUser): a locked account unlocked, a password reset (the person's
/// open session ends, the new password must be changed), an account disabled (its session ends, its sign-in is refused)
/// and enabled again; each audited under the administrator. A clerk cannot do any of it, and nobody can disable themself.
/// </summary>
public sealed partial class ConsoleTests
{
    private const string Managed = "managed";

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Users_AdministratorUnlocksResetsDisablesAndEnables_SessionsEndAndEachIsAudited(Provider provider)
    {
        var district = await console.District(provider);
        await using var adminContext = await NewContext(district);
        await using var personContext = await NewContext(district);
        var admin = await SignedIn(adminContext, "admin");
        var person = await personContext.NewPageAsync();

        // Locked by five wrong passwords; the administrator unlocks: the right password opens the console at once.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SignIn(person, Managed, $"wrong-password-{attempt}");
        }

        await SignIn(person, Managed, ConsoleHost.Password);
        Assert.Contains("账户已锁定", await person.InnerTextAsync("main"), StringComparison.Ordinal);
        await admin.GotoAsync("/users");
        Assert.Contains("锁定至", await admin.InnerTextAsync("main table thead"), StringComparison.Ordinal);
        await RowButton(admin, "解锁").ClickAsync();
        Assert.Contains($"{Managed}：已解锁", await admin.InnerTextAsync("main"), StringComparison.Ordinal);
        await SignIn(person, Managed, ConsoleHost.Password);
        Assert.DoesNotContain("/account/signin", person.Url, StringComparison.Ordinal);

        // A reset: the open session is over at its next page; the new password signs in and must be changed first.
        await ResetPassword(admin, "short");
        Assert.Contains("密码须为 10 至 128 个字符", await admin.InnerTextAsync("main"), StringComparison.Ordinal);
        await person.GotoAsync("/settlements");
        Assert.Contains("/settlements", person.Url, StringComparison.Ordinal);
        await ResetPassword(admin, "Reset-by-admin-2020");
        Assert.Contains("密码已重置", await admin.InnerTextAsync("main"), StringComparison.Ordinal);
        await person.GotoAsync("/settlements");
        Assert.Contains("/account/signin", person.Url, StringComparison.Ordinal);
        await SignIn(person, Managed, ConsoleHost.Password);
        Assert.Contains("用户名或密码不正确", await person.InnerTextAsync("main"), StringComparison.Ordinal);
        await SignIn(person, Managed, "Reset-by-admin-2020");
        Assert.Contains("/account/password", person.Url, StringComparison.Ordinal);
        await person.FillAsync("#current", "Reset-by-admin-2020");
        await person.FillAsync("#new", ConsoleHost.Password + "x");
        await person.ClickAsync("main button[type=submit]");
        await person.GotoAsync("/settlements");
        Assert.Contains("/settlements", person.Url, StringComparison.Ordinal);

        // Disabled: the session ends, and even the right password is refused, saying so; enabled: it signs in again.
        await admin.GotoAsync("/users");
        await RowButton(admin, "停用").ClickAsync();
        Assert.Contains($"{Managed}：已停用", await admin.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("已停用", await Row(admin).InnerTextAsync(), StringComparison.Ordinal);
        await Screenshot(admin, provider, "console-users.png");
        await person.GotoAsync("/settlements");
        Assert.Contains("/account/signin", person.Url, StringComparison.Ordinal);
        await SignIn(person, Managed, "wrong-password-x");
        Assert.Contains("用户名或密码不正确", await person.InnerTextAsync("main"), StringComparison.Ordinal);
        await SignIn(person, Managed, ConsoleHost.Password + "x");
        Assert.Contains("账户已停用", await person.InnerTextAsync("main"), StringComparison.Ordinal);
        await RowButton(admin, "启用").ClickAsync();
        Assert.Contains($"{Managed}：已启用", await admin.InnerTextAsync("main"), StringComparison.Ordinal);
        await SignIn(person, Managed, ConsoleHost.Password + "x");
        Assert.DoesNotContain("/account/signin", person.Url, StringComparison.Ordinal);

        // The administrator has no button to disable themself.
        Assert.Equal(0, await Row(admin, "admin").Locator("button", new() { HasTextString = "停用" }).CountAsync());

        using var bureau = district.Host.Bureau();
        var (_, audit, _) = await bureau.Get("/api/v1/audit?keyId=u:admin&pageSize=500");
        var actions = audit!["items"]!.AsArray()
            .Where(i => i!["target"]!.GetValue<string>() == $"user:{Managed}")
            .Select(i => (i!["action"]!.GetValue<string>(), i["status"]!.GetValue<int>()))
            .ToList();
        Assert.Equal([("user.unlock", 200), ("user.reset-password", 200), ("user.disable", 200), ("user.enable", 200)], actions);
    }

    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Users_ManagingNeedsAnAdministrator_AndNobodyDisablesThemself(Provider provider)
    {
        var district = await console.District(provider);
        await using var context = await NewContext(district);

        // A clerk is not an administrator: /users is refused, and so is a post to it.
        var clerk = await SignedIn(context, "clerk");
        var refused = await clerk.GotoAsync("/users");
        Assert.DoesNotContain("重置密码", await clerk.ContentAsync(), StringComparison.Ordinal);
        Assert.True(refused!.Status is 403 or 200 && clerk.Url.Contains("/account/denied", StringComparison.Ordinal), clerk.Url);

        // The administrator's own account, through the use case's check (the page shows no button for it).
        await using var scope = district.Host.Scope();
        var mediator = scope.ServiceProvider.GetRequiredService<Mediator.IMediator>();
        var self = await mediator.Send(new Application.Users.ManageUser(
            new Application.Common.Caller("u:admin", Application.Common.CallerRole.Bureau, null), "admin", Application.Users.UserAction.Disable));
        Assert.Equal(409, self.Problem?.Status);
        var unknown = await mediator.Send(new Application.Users.ManageUser(
            new Application.Common.Caller("u:admin", Application.Common.CallerRole.Bureau, null), "nobody", Application.Users.UserAction.Unlock));
        Assert.Equal(404, unknown.Problem?.Status);
        var hospital = await mediator.Send(new Application.Users.ManageUser(
            new Application.Common.Caller("u:nkl2", Application.Common.CallerRole.Hospital, "H-NK-L2"), Managed, Application.Users.UserAction.Disable));
        Assert.Equal(403, hospital.Problem?.Status);
    }

    private static async Task ResetPassword(IPage admin, string password)
    {
        await admin.FillAsync("#target", Managed);
        await admin.FillAsync("#newPassword", password);
        await admin.ClickAsync("form:has(#newPassword) button[type=submit]");
    }

    private static ILocator Row(IPage page, string user = Managed) =>
        page.Locator("main table tbody tr").Filter(new() { Has = page.Locator("td:first-child", new() { HasTextRegex = new($"^{user}$") }) });

    private static ILocator RowButton(IPage page, string text) => Row(page).Locator("button", new() { HasTextString = text });
}
