using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Users;

/// <summary>A new console account: its first password must be changed at the first sign-in.</summary>
public sealed record UserBody(string? UserName, string? DisplayName, CallerRole? Role, string? HospitalId, bool IsAdministrator, string? Password);

/// <summary>
/// An account as the console lists it (never the hash). <see cref="SessionStamp"/> goes into the cookie of a session
/// signed in as it; it is not shown.
/// </summary>
public sealed record UserView(
    string UserName, string DisplayName, CallerRole Role, string? HospitalId, bool IsAdministrator, bool MustChangePassword,
    DateTimeOffset? LockedUntil, bool Disabled)
{
    public string SessionStamp { get; init; } = string.Empty;
}

/// <summary>
/// Creates a console account (a bureau administrator, or the CLI's <c>nankang users add</c>). 409 when the name is taken;
/// a hospital account names a registered hospital. Audited as <c>user.add</c> under the creator.
/// </summary>
public sealed record AddUser(Caller Caller, UserBody Body) : IRequest<Result<UserView>>;

public sealed class AddUserHandler(IHealthStore store, TimeProvider clock) : IRequestHandler<AddUser, Result<UserView>>
{
    public async ValueTask<Result<UserView>> Handle(AddUser request, CancellationToken cancellationToken)
    {
        if (!request.Caller.IsBureau)
        {
            return Problem.Forbidden("Only the bureau creates accounts.");
        }

        var body = request.Body;
        var name = ConsoleUsers.NormalizeName(body.UserName);
        var errors = new ValidationErrors();
        if (name.Length is < 2 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            errors.Add("userName", "用户名须为 2 至 64 个字母、数字或 . - _。");
        }

        errors.Required("displayName", body.DisplayName);
        errors.MaxLength("displayName", body.DisplayName, 100);
        errors.Required("role", body.Role);
        if (body.Role == CallerRole.Hospital && string.IsNullOrWhiteSpace(body.HospitalId))
        {
            errors.Add("hospitalId", "医院人员须指定医院。");
        }

        if (body.Role == CallerRole.Hospital && body.IsAdministrator)
        {
            errors.Add("isAdministrator", "只有医保局人员可以是管理员。");
        }

        if (ConsoleUsers.PasswordProblem(name, body.Password) is { } weak)
        {
            errors.Add("password", weak);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var hospitalId = body.Role == CallerRole.Hospital ? body.HospitalId!.Trim() : null;
        if (hospitalId is not null && !await store.Hospitals.AnyAsync(h => h.Id == hospitalId, cancellationToken))
        {
            return Problem.Validation("hospitalId", "没有这家医院。");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        if (await store.Users.AnyAsync(u => u.UserName == name, cancellationToken))
        {
            return Problem.Conflict($"用户名 {name} 已存在。");
        }

        var user = new UserRow
        {
            UserName = name,
            DisplayName = body.DisplayName!.Trim(),
            Role = body.Role!.Value.ToString(),
            HospitalId = hospitalId,
            IsAdministrator = body.IsAdministrator,
            PasswordHash = string.Empty,
            MustChangePassword = true,
            SessionStamp = ConsoleUsers.NewSessionStamp(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = ConsoleUsers.Hasher.HashPassword(user, body.Password!);
        store.Users.Add(user);
        Audit.Record(store, request.Caller, now, "user.add", $"user:{name}", 201);
        await store.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Result<UserView>.Ok(ListUsersHandler.View(user), 201);
    }
}
