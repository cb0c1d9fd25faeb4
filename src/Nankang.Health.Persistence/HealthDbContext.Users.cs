using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Persistence;

/// <summary>The console's accounts (the API's callers are keys in configuration, not rows).</summary>
public sealed partial class HealthDbContext
{
    public DbSet<UserRow> Users => Set<UserRow>();

    private static void ConfigureUsers(ModelBuilder b) => b.Entity<UserRow>(e =>
    {
        e.ToTable("users");
        e.HasKey(u => u.UserName);
        e.Property(u => u.UserName).HasMaxLength(64);
        e.Property(u => u.DisplayName).HasMaxLength(100);
        e.Property(u => u.Role).HasMaxLength(20);
        e.Property(u => u.HospitalId).HasMaxLength(64);
        e.Property(u => u.PasswordHash).HasMaxLength(200);
    });
}
