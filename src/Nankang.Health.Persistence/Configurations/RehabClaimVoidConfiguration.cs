using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A rehabilitation claim's void.</summary>
internal sealed class RehabClaimVoidConfiguration : IEntityTypeConfiguration<RehabClaimVoidRow>
{
    public void Configure(EntityTypeBuilder<RehabClaimVoidRow> e)
    {
        e.ToTable("rehab_claim_voids");
        e.HasKey(v => v.ClaimId);
        e.Property(v => v.ClaimId).HasMaxLength(Id);
        e.Property(v => v.Reason).HasMaxLength(500);
        e.Property(v => v.KeyId).HasMaxLength(Id);
    }
}
