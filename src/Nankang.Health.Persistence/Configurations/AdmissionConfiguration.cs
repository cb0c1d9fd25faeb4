using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>An admission: a visit of a member at a hospital, unique per hospital and visit number.</summary>
internal sealed class AdmissionConfiguration : IEntityTypeConfiguration<AdmissionRow>
{
    public void Configure(EntityTypeBuilder<AdmissionRow> e)
    {
        e.ToTable("admissions");
        e.Property(a => a.Id).HasMaxLength(Id);
        e.Property(a => a.HospitalId).HasMaxLength(Id);
        e.Property(a => a.VisitNo).HasMaxLength(Id);
        e.Property(a => a.MemberId).HasMaxLength(Id);
        e.HasIndex(a => new { a.HospitalId, a.VisitNo }).IsUnique();
        e.HasIndex(a => new { a.MemberId, a.HospitalId });
    }
}
