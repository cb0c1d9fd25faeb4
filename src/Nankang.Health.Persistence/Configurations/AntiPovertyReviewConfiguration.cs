using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A poverty office decision on a member-year of anti-poverty insurance; append-only (triggers in the migration).</summary>
internal sealed class AntiPovertyReviewConfiguration : IEntityTypeConfiguration<AntiPovertyReviewRow>
{
    public void Configure(EntityTypeBuilder<AntiPovertyReviewRow> e)
    {
        e.ToTable("anti_poverty_reviews");
        e.HasKey(r => r.Seq);
        e.Property(r => r.Seq).ValueGeneratedOnAdd();
        e.Property(r => r.MemberId).HasMaxLength(Id);
        e.Property(r => r.Decision).HasMaxLength(16);
        e.Property(r => r.Reason).HasMaxLength(500);
        e.Property(r => r.KeyId).HasMaxLength(Id);
        e.HasIndex(r => new { r.Year, r.MemberId, r.Seq });
    }
}
