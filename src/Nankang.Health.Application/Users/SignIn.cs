using Mediator;
using Microsoft.AspNetCore.Identity;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Users;

/// <summary>
/// Checks a console sign-in. A wrong password counts a failure; the fifth in a row locks the account for 15 minutes, during
/// which even the right password is refused. Success resets the count. A disabled account is refused (403) only once its
/// password is right, so the answer tells nothing more to someone without it. Every attempt on an existing account is
/// audited (<c>console.signin</c>, 200/401/403/423) under the account; attempts on unknown names are not, so they cannot
/// grow the log.
/// The answer never says whether the name exists.
/// </summary>
public sealed record SignIn(string? UserName, string? Password) : IRequest<Result<UserView>>;

public sealed class SignInHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<SignIn, Result<UserView>>
{
    public static readonly Problem Refused = new(401, "用户名或密码不正确。");

    public async ValueTask<Result<UserView>> Handle(SignIn request, CancellationToken cancellationToken)
    {
        var name = ConsoleUsers.NormalizeName(request.UserName);
        if (name.Length == 0 || string.IsNullOrEmpty(request.Password))
        {
            return Refused;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        var user = await store.Users.SingleOrDefaultAsync(u => u.UserName == name, cancellationToken);
        if (user is null)
        {
            // Hash anyway, so an unknown name takes as long as a wrong password.
            ConsoleUsers.Hasher.VerifyHashedPassword(Dummy, DummyHash, request.Password);
            return Refused;
        }

        Result<UserView> outcome;
        if (user.LockedUntil is { } until && until > now)
        {
            outcome = new Problem(423, "账户已锁定。", $"连续 {ConsoleUsers.MaxFailures} 次密码错误，请 {Math.Ceiling((until - now).TotalMinutes)} 分钟后再试。");
        }
        else if (ConsoleUsers.Hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= ConsoleUsers.MaxFailures)
            {
                user.LockedUntil = now + ConsoleUsers.Lockout;
                user.FailedSignIns = 0;
            }

            outcome = Refused;
        }
        else if (user.DisabledAt is not null)
        {
            outcome = new Problem(403, "账户已停用。", "请联系管理员。");
        }
        else
        {
            (user.FailedSignIns, user.LockedUntil) = (0, null);
            outcome = Result<UserView>.Ok(ListUsersHandler.View(user));
        }

        Audit.Record(store, ConsoleUsers.CallerOf(user), now, "console.signin", $"user:{name}", outcome.Status);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return outcome;
    }

    private static readonly UserRow Dummy = new() { UserName = "-", DisplayName = "-", Role = nameof(CallerRole.Bureau), PasswordHash = string.Empty };
    private static readonly string DummyHash = ConsoleUsers.Hasher.HashPassword(Dummy, Guid.NewGuid().ToString());
}
