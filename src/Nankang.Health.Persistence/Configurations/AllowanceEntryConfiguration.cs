using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A booking of an allowance (caregiver, rehabilitation).</summary>
internal sealed class AllowanceEntryConfiguration : IEntityTypeConfiguration<AllowanceEntryRow>
{
    public void Configure(EntityTypeBuilder<AllowanceEntryRow> e)
    {
        e.ToTable("allowance_entries");
        e.HasKey(a => a.Seq);
        e.Property(a => a.Seq).ValueGeneratedOnAdd();
        e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(a => a.Line).HasMaxLength(32);
        e.Property(a => a.MemberId).HasMaxLength(Id);
        e.Property(a => a.MonthsJson).HasMaxLength(64);
        e.Property(a => a.KeyId).HasMaxLength(Id);
        e.Property(a => a.RunId).HasMaxLength(Id);
        e.Property(a => a.ClaimId).HasMaxLength(Id);
        e.HasIndex(a => a.BookedAt);
        e.HasIndex(a => new { a.Line, a.Year, a.MemberId });
    }
}
