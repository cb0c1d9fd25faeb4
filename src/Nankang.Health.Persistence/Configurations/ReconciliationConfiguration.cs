using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A hospital's reconciliation of a month.</summary>
internal sealed class ReconciliationConfiguration : IEntityTypeConfiguration<ReconciliationRow>
{
    public void Configure(EntityTypeBuilder<ReconciliationRow> e)
    {
        e.ToTable("reconciliations");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasMaxLength(Id);
        e.Property(r => r.HospitalId).HasMaxLength(Id);
        e.Property(r => r.Month).HasMaxLength(Month);
        e.Property(r => r.KeyId).HasMaxLength(Id);
        e.Property(r => r.Verdict).HasMaxLength(32);
        e.HasIndex(r => new { r.HospitalId, r.Month });
    }
}
