using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Users;

/// <summary>Every console account by name (bureau only).</summary>
public sealed record ListUsers(Caller Caller) : IRequest<Result<IReadOnlyList<UserView>>>;

public sealed class ListUsersHandler(IHealthStore store) : IRequestHandler<ListUsers, Result<IReadOnlyList<UserView>>>
{
    public async ValueTask<Result<IReadOnlyList<UserView>>> Handle(ListUsers request, CancellationToken cancellationToken)
    {
        if (!request.Caller.IsBureau)
        {
            return Problem.Forbidden("Only the bureau lists accounts.");
        }

        var rows = await store.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<UserView>>.Ok([.. rows.Select(View)]);
    }

    public static UserView View(UserRow u) => new(
        u.UserName, u.DisplayName, Enum.Parse<CallerRole>(u.Role), u.HospitalId, u.IsAdministrator, u.MustChangePassword,
        u.LockedUntil is { } locked ? new DateTimeOffset(locked, TimeSpan.Zero) : null, u.DisabledAt is not null)
    {
        SessionStamp = u.SessionStamp,
    };
}
