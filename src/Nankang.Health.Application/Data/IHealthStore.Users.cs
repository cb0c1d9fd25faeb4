namespace Nankang.Health.Application.Data;

/// <summary>The console's accounts.</summary>
public partial interface IHealthStore
{
    IRowSet<UserRow> Users { get; }
}
