using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A hospital's idempotency key and the settlement it booked.</summary>
internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyRow>
{
    public void Configure(EntityTypeBuilder<IdempotencyRow> e)
    {
        e.ToTable("idempotency_keys");
        e.HasKey(k => new { k.HospitalId, k.Key });
        e.Property(k => k.HospitalId).HasMaxLength(Id);
        e.Property(k => k.Key).HasMaxLength(128);
        e.Property(k => k.RequestHash).HasMaxLength(64);
        e.Property(k => k.SettlementId).HasMaxLength(Id);
    }
}
