using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Users;

namespace Nankang.Health.Api.Http;

/// <summary>
/// The bureau's console: Razor Pages under <c>Pages/</c>, signed in with a cookie of its own scheme. The API's routes keep
/// the API-key scheme as the default and name no other, so the console's cookie never authorises an <c>/api</c> call;
/// the console's policies name only the cookie scheme, so an API key never opens a page.
/// </summary>
public static class ConsoleSetup
{
    public const string Scheme = "Console";
    public const string AnyUser = "ConsoleUser";
    public const string Bureau = "ConsoleBureau";
    public const string Administrator = "ConsoleAdministrator";
    public const string HospitalClaim = "hospital_id";
    public const string AdministratorClaim = "administrator";
    public const string MustChangePasswordClaim = "must_change_password";
    public const string SessionStampClaim = "session_stamp";

    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        // Chinese text as characters, not numeric entities: the pages stay readable as sent and half the size.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/", AnyUser);
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
        });
        services.AddSingleton<ConsoleImports>();
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "nankang-console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/signin";
            o.LogoutPath = "/account/signout";
            o.AccessDeniedPath = "/account/denied";

            // A session ends at once when its account is disabled or its password reset or changed elsewhere (CheckSession).
            o.Events.OnValidatePrincipal = async context =>
            {
                var mediator = context.HttpContext.RequestServices.GetRequiredService<Mediator.IMediator>();
                var principal = context.Principal!;
                if (!await mediator.Send(new CheckSession(principal.Identity?.Name, principal.FindFirstValue(SessionStampClaim)), context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AnyUser, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(Bureau, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(CallerRole.Bureau)))
            .AddPolicy(Administrator, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(CallerRole.Bureau)).RequireClaim(AdministratorClaim, "true"));
        return services;
    }

    /// <summary>The principal of a signed-in account; its claims are what the pages' <see cref="Caller"/> is built from.</summary>
    public static ClaimsPrincipal Principal(UserView user)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, user.UserName),
            new("display_name", user.DisplayName),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(AdministratorClaim, user.IsAdministrator ? "true" : "false"),
            new(MustChangePasswordClaim, user.MustChangePassword ? "true" : "false"),
            new(SessionStampClaim, user.SessionStamp),
        ];
        if (user.HospitalId is not null)
        {
            claims.Add(new Claim(HospitalClaim, user.HospitalId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The caller a page acts as: the person's account, <c>u:name</c> in the audit log.</summary>
    public static Caller CallerOf(ClaimsPrincipal user)
    {
        var role = user.IsInRole(nameof(CallerRole.Bureau)) ? CallerRole.Bureau : CallerRole.Hospital;
        return new Caller(ConsoleUsers.KeyIdOf(user.Identity!.Name!), role, role == CallerRole.Hospital ? user.FindFirstValue(HospitalClaim) : null);
    }

    public static Task SignInAsync(HttpContext http, UserView user) =>
        http.SignInAsync(Scheme, Principal(user), new AuthenticationProperties { IsPersistent = false });

    /// <summary>
    /// The console's own headers: a Content-Security-Policy that allows only this origin's files (no inline script, no
    /// framing), and no referrer. Swagger UI, which needs its inline script, keeps its own. (nosniff and no-store are on
    /// every answer already, from <see cref="Hardening.UseSecurityHeaders"/>.)
    /// </summary>
    public static IApplicationBuilder UseConsoleSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var headers = http.Response.Headers;
        if (!http.Request.Path.StartsWithSegments("/swagger"))
        {
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
        }

        return next(http);
    });
}
