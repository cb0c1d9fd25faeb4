namespace Nankang.Health.Application.Data;

/// <summary>
/// A person who signs in to the console: bureau staff, or a hospital's staff for that hospital only. The password is
/// kept as ASP.NET Core Identity's hash (PBKDF2, salted); the clear text is never stored or logged.
/// </summary>
public sealed class UserRow
{
    /// <summary>The sign-in name, unique, lower case (<c>zhang.san</c>).</summary>
    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    /// <summary><c>Bureau</c> or <c>Hospital</c>, as <see cref="Common.CallerRole"/>.</summary>
    public required string Role { get; set; }

    public string? HospitalId { get; set; }

    public bool IsAdministrator { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>True for a password someone else chose (a new account, a reset): the next sign-in must change it.</summary>
    public bool MustChangePassword { get; set; }

    public int FailedSignIns { get; set; }

    /// <summary>UTC; sign-in is refused until then after too many failures.</summary>
    public DateTime? LockedUntil { get; set; }

    /// <summary>UTC; set while an administrator has disabled the account: no sign-in, and its sessions end.</summary>
    public DateTime? DisabledAt { get; set; }

    /// <summary>
    /// Random, carried by each session's cookie; a new one (at a reset, a disable, a change of password) ends every
    /// session signed in before it.
    /// </summary>
    public string SessionStamp { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
