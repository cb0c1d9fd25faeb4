using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A what-if policy's text, stored under its version.</summary>
internal sealed class StoredPolicyConfiguration : IEntityTypeConfiguration<StoredPolicyRow>
{
    public void Configure(EntityTypeBuilder<StoredPolicyRow> e)
    {
        e.ToTable("policies");
        e.HasKey(p => p.Version);
        e.Property(p => p.Version).HasMaxLength(Id);
        e.Property(p => p.StoredBy).HasMaxLength(Id);
    }
}
