using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence.Queries;

namespace Nankang.Health.Persistence;

/// <summary>The console's accounts (the API's callers are keys in configuration, not rows).</summary>
public sealed partial class HealthDbContext
{
    public DbSet<UserRow> Users => Set<UserRow>();

    IRowSet<UserRow> IHealthStore.Users => new RowSet<UserRow>(Users);
}
