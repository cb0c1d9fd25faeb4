using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Users;

/// <summary>What an administrator does to an account.</summary>
public enum UserAction
{
    /// <summary>Ends a lockout after too many failed sign-ins.</summary>
    Unlock,

    /// <summary>Sets a password the person must change at the next sign-in; ends the lockout and every session.</summary>
    ResetPassword,

    /// <summary>No sign-in until enabled again; every session ends.</summary>
    Disable,

    Enable,
}

/// <summary>
/// An administrator unlocks an account, resets its password, disables or enables it (bureau only, as
/// <see cref="AddUser"/>). 404 for an unknown account; an administrator cannot disable their own account (409), so the
/// console always keeps one who can undo it. Audited as <c>user.unlock</c>, <c>user.reset-password</c>,
/// <c>user.disable</c> or <c>user.enable</c> under the administrator, on <c>user:name</c>.
/// </summary>
public sealed record ManageUser(Caller Caller, string? UserName, UserAction Action, string? Password = null) : IRequest<Result<UserView>>;

public sealed class ManageUserHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<ManageUser, Result<UserView>>
{
    public async ValueTask<Result<UserView>> Handle(ManageUser request, CancellationToken cancellationToken)
    {
        if (!request.Caller.IsBureau)
        {
            return Problem.Forbidden("Only the bureau manages accounts.");
        }

        var name = ConsoleUsers.NormalizeName(request.UserName);
        if (request.Action == UserAction.ResetPassword && ConsoleUsers.PasswordProblem(name, request.Password) is { } weak)
        {
            return Problem.Validation("password", weak);
        }

        if (request.Action == UserAction.Disable && request.Caller.KeyId == ConsoleUsers.KeyIdOf(name))
        {
            return Problem.Conflict("不能停用自己的账户。");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        var user = await store.Users.SingleOrDefaultAsync(u => u.UserName == name, cancellationToken);
        if (user is null)
        {
            return Problem.NotFound($"没有用户 {name}。");
        }

        switch (request.Action)
        {
            case UserAction.Unlock:
                (user.FailedSignIns, user.LockedUntil) = (0, null);
                break;
            case UserAction.ResetPassword:
                user.PasswordHash = ConsoleUsers.Hasher.HashPassword(user, request.Password!);
                user.MustChangePassword = true;
                (user.FailedSignIns, user.LockedUntil) = (0, null);
                user.SessionStamp = ConsoleUsers.NewSessionStamp();
                break;
            case UserAction.Disable:
                user.DisabledAt ??= now;
                user.SessionStamp = ConsoleUsers.NewSessionStamp();
                break;
            case UserAction.Enable:
                user.DisabledAt = null;
                break;
        }

        user.UpdatedAt = now;
        Audit.Record(store, request.Caller, now, AuditAction(request.Action), $"user:{name}", 200);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<UserView>.Ok(ListUsersHandler.View(user));
    }

    private static string AuditAction(UserAction action) => action switch
    {
        UserAction.Unlock => "user.unlock",
        UserAction.ResetPassword => "user.reset-password",
        UserAction.Disable => "user.disable",
        _ => "user.enable",
    };
}
