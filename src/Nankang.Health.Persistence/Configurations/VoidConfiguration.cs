using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A void; at most one per settlement.</summary>
internal sealed class VoidConfiguration : IEntityTypeConfiguration<VoidRow>
{
    public void Configure(EntityTypeBuilder<VoidRow> e)
    {
        e.ToTable("voids");
        e.HasKey(v => v.SettlementId);
        e.Property(v => v.SettlementId).HasMaxLength(Id);
        e.Property(v => v.Reason).HasMaxLength(500);
        e.Property(v => v.KeyId).HasMaxLength(Id);
    }
}
