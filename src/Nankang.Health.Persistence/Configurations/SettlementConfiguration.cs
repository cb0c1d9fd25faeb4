using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A settlement: the claim's figures and the money of its booking.</summary>
internal sealed class SettlementConfiguration : IEntityTypeConfiguration<SettlementRow>
{
    public void Configure(EntityTypeBuilder<SettlementRow> e)
    {
        e.ToTable("settlements");
        e.HasKey(s => s.Seq);
        e.Property(s => s.Seq).ValueGeneratedOnAdd();
        e.Property(s => s.Id).HasMaxLength(Id);
        e.HasIndex(s => s.Id).IsUnique();
        e.Property(s => s.HospitalId).HasMaxLength(Id);
        e.Property(s => s.VisitNo).HasMaxLength(Id);
        e.Property(s => s.MemberId).HasMaxLength(Id);
        e.Property(s => s.AdmissionId).HasMaxLength(Id);
        e.Property(s => s.PolicyVersion).HasMaxLength(Id);
        e.Property(s => s.KeyId).HasMaxLength(Id);
        e.Property(s => s.HospitalRegion).HasConversion<string>().HasMaxLength(20);
        e.Property(s => s.NotApplicableReason).HasMaxLength(500);
        e.HasIndex(s => new { s.HospitalId, s.VisitNo });
        // One index serves a member's settlements, a member-year's in booking order (void, re-settlement) and a year
        // streamed member by member (resettle): every index on a member costs a random page write per settlement.
        e.HasIndex(s => new { s.MemberId, s.Year, s.Seq });
        e.HasIndex(s => new { s.HospitalId, s.Seq });
    }
}
