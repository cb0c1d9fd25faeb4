using Mediator;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Users;

/// <summary>
/// Whether a console session may go on: its account exists, is not disabled, and still has the session stamp the session
/// was signed in with (a reset, a disable or a change of password since then gives it a new one). Asked on every request
/// of a signed-in session: one read by primary key.
/// </summary>
public sealed record CheckSession(string? UserName, string? SessionStamp) : IRequest<bool>;

public sealed class CheckSessionHandler(IHealthStore store) : IRequestHandler<CheckSession, bool>
{
    public async ValueTask<bool> Handle(CheckSession request, CancellationToken cancellationToken)
    {
        if (request.UserName is null || request.SessionStamp is null)
        {
            return false;
        }

        var user = await store.Users.AsNoTracking()
            .Where(u => u.UserName == request.UserName)
            .Select(u => new { u.DisabledAt, u.SessionStamp })
            .SingleOrDefaultAsync(cancellationToken);
        return user is { DisabledAt: null } && user.SessionStamp == request.SessionStamp;
    }
}
