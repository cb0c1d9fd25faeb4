using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A member-year's running totals.</summary>
internal sealed class AccumulatorConfiguration : IEntityTypeConfiguration<AccumulatorRow>
{
    public void Configure(EntityTypeBuilder<AccumulatorRow> e)
    {
        e.ToTable("member_year_accumulators");
        e.HasKey(a => new { a.MemberId, a.Year });
        e.Property(a => a.MemberId).HasMaxLength(Id);
        e.Property(a => a.PolicyVersion).HasMaxLength(Id);
    }
}
