using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>The append-only ledger: a booking, reversal or adjustment of a settlement.</summary>
internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntryRow>
{
    public void Configure(EntityTypeBuilder<LedgerEntryRow> e)
    {
        e.ToTable("ledger_entries");
        e.HasKey(l => l.Seq);
        e.Property(l => l.Seq).ValueGeneratedOnAdd();
        e.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(l => l.SettlementId).HasMaxLength(Id);
        e.Property(l => l.CausedBy).HasMaxLength(Id);
        e.Property(l => l.HospitalId).HasMaxLength(Id);
        e.Property(l => l.MemberId).HasMaxLength(Id);
        e.Property(l => l.KeyId).HasMaxLength(Id);
        e.HasIndex(l => l.SettlementId);
        e.HasIndex(l => new { l.BookedAt, l.HospitalId });
        e.HasIndex(l => new { l.Year, l.Kind });
        // Covers the month statement: a range of booking times read from the index alone, without visiting the rows.
        e.HasIndex(
            [nameof(LedgerEntryRow.BookedAt), nameof(LedgerEntryRow.HospitalId), nameof(LedgerEntryRow.Kind), .. BookedAmounts.FundColumns],
            "IX_ledger_entries_statement");
    }
}
