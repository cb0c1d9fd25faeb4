using Mediator;
using Microsoft.AspNetCore.Identity;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Users;

/// <summary>
/// A signed-in person changes their own password (the current one is asked again); clears the forced change of a first
/// password. Every other session of the account ends (a new session stamp; the caller signs in again with the answer).
/// Audited as <c>user.password</c>.
/// </summary>
public sealed record ChangePassword(string UserName, string? Current, string? New) : IRequest<Result<UserView>>;

public sealed class ChangePasswordHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<ChangePassword, Result<UserView>>
{
    public async ValueTask<Result<UserView>> Handle(ChangePassword request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        var user = await store.Users.SingleOrDefaultAsync(u => u.UserName == request.UserName, cancellationToken);
        if (user is null || string.IsNullOrEmpty(request.Current)
            || ConsoleUsers.Hasher.VerifyHashedPassword(user, user.PasswordHash, request.Current) == PasswordVerificationResult.Failed)
        {
            return Problem.Validation("current", "当前密码不正确。");
        }

        if (ConsoleUsers.PasswordProblem(user.UserName, request.New) is { } weak)
        {
            return Problem.Validation("new", weak);
        }

        if (request.New == request.Current)
        {
            return Problem.Validation("new", "新密码不能与当前密码相同。");
        }

        user.PasswordHash = ConsoleUsers.Hasher.HashPassword(user, request.New!);
        user.MustChangePassword = false;
        user.SessionStamp = ConsoleUsers.NewSessionStamp();
        user.UpdatedAt = now;
        Audit.Record(store, ConsoleUsers.CallerOf(user), now, "user.password", $"user:{user.UserName}", 200);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<UserView>.Ok(ListUsersHandler.View(user));
    }
}
