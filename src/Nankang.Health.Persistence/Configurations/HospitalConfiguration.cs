using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A designated hospital.</summary>
internal sealed class HospitalConfiguration : IEntityTypeConfiguration<HospitalRow>
{
    public void Configure(EntityTypeBuilder<HospitalRow> e)
    {
        e.ToTable("hospitals");
        e.Property(h => h.Id).HasMaxLength(Id);
        e.Property(h => h.Name).HasMaxLength(200);
        e.Property(h => h.Region).HasConversion<string>().HasMaxLength(20);
    }
}
