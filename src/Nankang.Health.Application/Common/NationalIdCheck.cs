using Nankang.Health.Application.Data;

namespace Nankang.Health.Application.Common;

/// <summary>
/// The ID-card rule: an admission, and a settlement or preview of a visit without one, carries the national ID read from
/// the patient's ID card, and it must be the member's. It is compared through the registry's keyed lookup hash (under
/// every configured key, so a member not yet re-keyed still matches), never in clear. So a hospital reaches only members it
/// has in front of it, not one whose member id it guessed. A mismatch is a 400 on <c>nationalId</c> and is audited with
/// <see cref="MismatchAction"/> and the member it was tried on; the ID itself is never recorded.
/// </summary>
public static class NationalIdCheck
{
    public const string Field = "nationalId";

    /// <summary>The audit action of an ID that is not the member's.</summary>
    public const string MismatchAction = "national-id.mismatch";

    private static readonly Problem Mismatch = Problem.Validation(Field, "is not this member's national ID.");

    /// <summary>Adds a 400 when the ID is present and malformed, or absent though <paramref name="required"/>.</summary>
    public static void Validate(ValidationErrors errors, string? nationalId, bool required)
    {
        if (nationalId is null)
        {
            if (required)
            {
                errors.Add(Field, "is required: the national ID on the patient's ID card.");
            }
        }
        else if (!NationalId.IsValid(nationalId))
        {
            errors.Add(Field, "must be 18 characters with a valid GB 11643 check digit.");
        }
    }

    /// <summary>The hashes to compare with a member's stored lookup hash; null when no ID was sent.</summary>
    public static IReadOnlyList<string>? Hashes(PersonalDataProtector protector, string? nationalId) =>
        nationalId is null ? null : protector.LookupHashes(nationalId);

    /// <summary>
    /// Null when the request may go on: the ID matches, or none was sent and the visit has an admission. Otherwise the 400.
    /// </summary>
    public static Problem? Check(IReadOnlyList<string>? hashes, string storedLookup, bool visitAdmitted)
    {
        if (hashes is null)
        {
            return visitAdmitted ? null : Problem.Validation(Field, "is required when the visit has no admission: the national ID on the patient's ID card.");
        }

        return hashes.Contains(storedLookup, StringComparer.Ordinal) ? null : Mismatch;
    }

    /// <summary>True when <paramref name="problem"/> is the mismatch (to audit it).</summary>
    public static bool IsMismatch(Problem? problem) => ReferenceEquals(problem, Mismatch);

    public static AuditRow MismatchAudit(Caller caller, DateTime at, string memberId) =>
        Audit.Row(caller, at, MismatchAction, $"member:{memberId}", 400);
}
