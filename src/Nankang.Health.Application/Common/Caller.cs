namespace Nankang.Health.Application.Common;

public enum CallerRole
{
    Bureau,
    Hospital,
}

/// <summary>Who is calling: the id of the API key (never the key), the role, and for a hospital key its hospital.</summary>
public sealed record Caller(string KeyId, CallerRole Role, string? HospitalId)
{
    public bool IsBureau => Role == CallerRole.Bureau;

    /// <summary>Whether this caller may act for <paramref name="hospitalId"/>: the bureau for all, a hospital for itself.</summary>
    public bool ActsFor(string hospitalId) => IsBureau || string.Equals(HospitalId, hospitalId, StringComparison.Ordinal);
}
