namespace Nankang.Health.Application.Data;

/// <summary>The poverty office's reviews of anti-poverty insurance (防贫保); its payments are allowance entries.</summary>
public partial interface IHealthStore
{
    IRowSet<AntiPovertyReviewRow> AntiPovertyReviews { get; }
}
