using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Application.Users;

/// <summary>
/// What the console's accounts share: the password hasher (ASP.NET Core Identity's, PBKDF2), the password rule, the
/// lockout rule (5 failures in a row → 15 minutes) and the caller an account acts as, whose key id <c>u:name</c> puts
/// the person's name on every audit row.
/// </summary>
public static class ConsoleUsers
{
    public const int MaxFailures = 5;
    public const int MinPasswordLength = 10;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    public static readonly PasswordHasher<UserRow> Hasher = new();

    /// <summary>The key id a person's actions are audited under: <c>u:name</c>.</summary>
    public static string KeyIdOf(string userName) => "u:" + userName;

    public static Caller CallerOf(UserRow user) =>
        new(KeyIdOf(user.UserName), Enum.Parse<CallerRole>(user.Role), user.Role == nameof(CallerRole.Hospital) ? user.HospitalId : null);

    /// <summary>Checks a new password: at least 10 characters, letters and digits, not the user name.</summary>
    public static string? PasswordProblem(string userName, string? password)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > 128)
        {
            return $"密码须为 {MinPasswordLength} 至 128 个字符。";
        }

        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            return "密码须同时包含字母和数字。";
        }

        return password.Contains(userName, StringComparison.OrdinalIgnoreCase) ? "密码不得包含用户名。" : null;
    }

    public static string NormalizeName(string? userName) => (userName ?? string.Empty).Trim().ToLowerInvariant();

    /// <summary>A new session stamp (<see cref="UserRow.SessionStamp"/>): 128 random bits, hexadecimal.</summary>
    public static string NewSessionStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
