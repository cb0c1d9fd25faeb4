using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence.Queries;

namespace Nankang.Health.Persistence;

/// <summary>The anti-poverty insurance reviews (防贫保).</summary>
public sealed partial class HealthDbContext
{
    public DbSet<AntiPovertyReviewRow> AntiPovertyReviews => Set<AntiPovertyReviewRow>();

    IRowSet<AntiPovertyReviewRow> IHealthStore.AntiPovertyReviews => new RowSet<AntiPovertyReviewRow>(AntiPovertyReviews);
}
