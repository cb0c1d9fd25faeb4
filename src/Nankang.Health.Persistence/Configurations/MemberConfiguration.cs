using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>The registry: a member, its national ID as keyed hash, cipher and mask, its name as cipher.</summary>
internal sealed class MemberConfiguration : IEntityTypeConfiguration<MemberRow>
{
    public void Configure(EntityTypeBuilder<MemberRow> e)
    {
        e.ToTable("members");
        e.HasKey(m => m.Id);
        e.Property(m => m.Id).HasMaxLength(Id);
        e.Property(m => m.NationalIdLookup).HasMaxLength(64);
        e.HasIndex(m => m.NationalIdLookup).IsUnique();
        e.Property(m => m.NationalIdCipher).HasMaxLength(200);
        e.Property(m => m.NationalIdMasked).HasMaxLength(18);
        e.Property(m => m.NameCipher).HasMaxLength(1000);
        e.Property(m => m.Sex).HasMaxLength(1);
        e.Property(m => m.Township).HasMaxLength(100);
        e.Property(m => m.Village).HasMaxLength(100);
        e.HasMany(m => m.Categories).WithOne().HasForeignKey(c => c.MemberId);
    }
}
