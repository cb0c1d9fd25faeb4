using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nankang.Health.Application.Settlements.GroupCommit;

namespace Nankang.Health.Persistence.GroupCommit;

public static class GroupCommitServices
{
    /// <summary>
    /// The group commit behind <see cref="IGroupCommit"/>, also a hosted service so that the host's stop answers its queue
    /// before the server stops (<see cref="GroupCommitWriter.StoppingAsync"/>). Needs <see cref="GroupCommitOptions"/>.
    /// </summary>
    public static IServiceCollection AddGroupCommit(this IServiceCollection services)
    {
        services.AddSingleton<GroupCommitWriter>();
        services.AddSingleton<IGroupCommit>(sp => sp.GetRequiredService<GroupCommitWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitWriter>());
        return services;
    }
}
