using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nankang.Health.Application.Data;
using static Nankang.Health.Persistence.Configurations.ColumnSizes;

namespace Nankang.Health.Persistence.Configurations;

/// <summary>A fund's budget of a year, with the plan's 2020 figures seeded.</summary>
internal sealed class FundBudgetConfiguration : IEntityTypeConfiguration<FundBudgetRow>
{
    public void Configure(EntityTypeBuilder<FundBudgetRow> e)
    {
        e.ToTable("fund_budgets");
        e.HasKey(f => new { f.Year, f.Fund });
        e.Property(f => f.Fund).HasMaxLength(32);
        e.Property(f => f.KeyId).HasMaxLength(Id);
        var seededAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        e.HasData(
            new FundBudgetRow { Year = 2020, Fund = "specialRelief", Amount = 500_000_000, UpdatedAt = seededAt, KeyId = "seed" },
            new FundBudgetRow { Year = 2020, Fund = "childRehabilitation", Amount = 285_000_000, UpdatedAt = seededAt, KeyId = "seed" },
            new FundBudgetRow { Year = 2020, Fund = "antiPovertyInsurance", Amount = 260_000_000, UpdatedAt = seededAt, KeyId = "seed" });
    }
}
