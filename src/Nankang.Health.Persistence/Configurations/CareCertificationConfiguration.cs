using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A certification that a member is long-term bedridden.</summary>
internal sealed class CareCertificationConfiguration : IEntityTypeConfiguration<CareCertificationRow>
{
    public void Configure(EntityTypeBuilder<CareCertificationRow> e)
    {
        e.ToTable("care_certifications");
        e.Property(c => c.MemberId).HasMaxLength(Id);
        e.Property(c => c.Condition).HasMaxLength(100);
        e.HasIndex(c => c.MemberId);
    }
}
