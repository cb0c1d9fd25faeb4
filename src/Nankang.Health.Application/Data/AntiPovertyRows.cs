namespace Nankang.Health.Application.Data;

/// <summary>
/// One decision of the poverty office on a member-year of anti-poverty insurance (防贫保, §7a): Approved or Rejected with a
/// reason, who (API key id or console user) and when. Append-only: a later decision is a new row, the latest stands.
/// </summary>
public sealed class AntiPovertyReviewRow
{
    public long Seq { get; set; }

    public required string MemberId { get; set; }

    public int Year { get; set; }

    /// <summary><see cref="AntiPovertyDecisions"/>.</summary>
    public required string Decision { get; set; }

    public required string Reason { get; set; }

    public DateTime DecidedAt { get; set; }

    public required string KeyId { get; set; }
}

/// <summary>The decisions of a review, and the state of a member-year never reviewed.</summary>
public static class AntiPovertyDecisions
{
    public const string None = "None";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
}
