using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>The audit log.</summary>
internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditRow>
{
    public void Configure(EntityTypeBuilder<AuditRow> e)
    {
        e.ToTable("audit_log");
        e.HasKey(a => a.Seq);
        e.Property(a => a.Seq).ValueGeneratedOnAdd();
        e.Property(a => a.KeyId).HasMaxLength(Id);
        e.Property(a => a.Role).HasMaxLength(20);
        e.Property(a => a.HospitalId).HasMaxLength(Id);
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.Target).HasMaxLength(200);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.KeyId, a.Seq });
        e.HasIndex(a => new { a.Action, a.Seq });
    }
}
