using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A closed month's frozen statement line.</summary>
internal sealed class StatementLineConfiguration : IEntityTypeConfiguration<StatementLineRow>
{
    public void Configure(EntityTypeBuilder<StatementLineRow> e)
    {
        e.ToTable("statement_lines");
        e.HasKey(l => new { l.Month, l.Payee, l.Line });
        e.Property(l => l.Month).HasMaxLength(Month);
        e.Property(l => l.Payee).HasMaxLength(Id);
        e.Property(l => l.Line).HasMaxLength(32);
        e.Property(l => l.PayeeName).HasMaxLength(200);
        e.Property(l => l.FundCode).HasMaxLength(32);
    }
}
