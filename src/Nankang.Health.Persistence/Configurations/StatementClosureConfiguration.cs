using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A closed month.</summary>
internal sealed class StatementClosureConfiguration : IEntityTypeConfiguration<StatementClosureRow>
{
    public void Configure(EntityTypeBuilder<StatementClosureRow> e)
    {
        e.ToTable("statement_closures");
        e.HasKey(c => c.Month);
        e.Property(c => c.Month).HasMaxLength(Month);
        e.Property(c => c.KeyId).HasMaxLength(Id);
    }
}
