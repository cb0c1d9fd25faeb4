using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>An account of the bureau's console.</summary>
internal sealed class UserConfiguration : IEntityTypeConfiguration<UserRow>
{
    public void Configure(EntityTypeBuilder<UserRow> e)
    {
        e.ToTable("users");
        e.HasKey(u => u.UserName);
        e.Property(u => u.UserName).HasMaxLength(Id);
        e.Property(u => u.DisplayName).HasMaxLength(100);
        e.Property(u => u.Role).HasMaxLength(20);
        e.Property(u => u.HospitalId).HasMaxLength(Id);
        e.Property(u => u.PasswordHash).HasMaxLength(200);
        e.Property(u => u.SessionStamp).HasMaxLength(40);
    }
}
