namespace Nankang.Health.Persistence.GroupCommit;

/// <summary>
/// Makes the commits of one connection durable after they have returned (<see cref="HealthDbContext.DeferCommitSyncAsync"/>).
/// Disposing it makes that connection's commits durable when they return again.
/// </summary>
public interface ICommitSync : IDisposable
{
    /// <summary>Returns once every commit that had returned when it was called is durable; throws if that is not certain.</summary>
    void Sync();
}
