using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A child's rehabilitation claim of a month.</summary>
internal sealed class RehabClaimConfiguration : IEntityTypeConfiguration<RehabClaimRow>
{
    public void Configure(EntityTypeBuilder<RehabClaimRow> e)
    {
        e.ToTable("rehab_claims");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasMaxLength(Id);
        e.Property(r => r.MemberId).HasMaxLength(Id);
        e.Property(r => r.Condition).HasConversion<string>().HasMaxLength(32);
        e.Property(r => r.PolicyVersion).HasMaxLength(Id);
        e.Property(r => r.KeyId).HasMaxLength(Id);
        e.HasIndex(r => new { r.MemberId, r.Year, r.Month });
    }
}
