namespace Nankang.Health.Application.Common;

/// <summary>
/// The character set of every id a caller chooses (member, hospital, visit number) and of every id in a route:
/// 1 to 64 of <c>A–Z a–z 0–9 - _ .</c> (docs/api-contract.md). What a URL path segment and a <c>Location</c> header carry
/// as they are, what a log line and a CSV cell show unescaped, and what the ids the service makes itself are made of.
/// </summary>
public static class Ids
{
    public const int MaxLength = 64;

    public const string Rule = "must be 1 to 64 characters: letters A–Z or a–z, digits, '-', '_' or '.'.";

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
