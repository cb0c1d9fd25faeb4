using Microsoft.EntityFrameworkCore;

namespace Nankang.Health.Application.Data;

/// <summary>The console's accounts.</summary>
public partial interface IHealthStore
{
    DbSet<UserRow> Users { get; }
}
