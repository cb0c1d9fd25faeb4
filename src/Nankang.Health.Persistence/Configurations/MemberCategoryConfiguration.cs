using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A member's category with its dates.</summary>
internal sealed class MemberCategoryConfiguration : IEntityTypeConfiguration<MemberCategoryRow>
{
    public void Configure(EntityTypeBuilder<MemberCategoryRow> e)
    {
        e.ToTable("member_categories");
        e.Property(c => c.MemberId).HasMaxLength(Id);
        e.Property(c => c.Category).HasConversion<string>().HasMaxLength(20);
        e.HasIndex(c => c.MemberId);
    }
}
