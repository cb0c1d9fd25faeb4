using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A caregiver allowance run.</summary>
internal sealed class AllowanceRunConfiguration : IEntityTypeConfiguration<AllowanceRunRow>
{
    public void Configure(EntityTypeBuilder<AllowanceRunRow> e)
    {
        e.ToTable("allowance_runs");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasMaxLength(Id);
        e.Property(r => r.KeyId).HasMaxLength(Id);
    }
}
