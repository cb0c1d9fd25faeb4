using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nankang.Health.Application.Common;

/// <summary>
/// Encrypts personal data at rest (AES-256-GCM, a random 96-bit nonce per value) and computes the keyed lookup hash
/// of national IDs (HMAC-SHA256 under a key derived from the same master key). Values are stored as
/// <c>v1:base64(nonce ‖ ciphertext ‖ tag)</c>; the version prefix leaves room for key rotation.
/// </summary>
public sealed class PersonalDataProtector
{
    private const string Version = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _encryptionKey;
    private readonly byte[] _lookupKey;

    public PersonalDataProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The personal data key must be 32 bytes.", nameof(masterKey));
        }

        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "nankang/pd/encrypt/v1"u8.ToArray());
        _lookupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "nankang/pd/lookup/v1"u8.ToArray());
    }

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length, TagSize));
        return $"{Version}:{Convert.ToBase64String(output)}";
    }

    public string Unprotect(string stored)
    {
        if (!stored.StartsWith(Version + ":", StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown personal data format.");
        }

        var data = Convert.FromBase64String(stored[(Version.Length + 1)..]);
        var plain = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The keyed hash by which a national ID is found; equal IDs give equal hashes.</summary>
    public string LookupHash(string nationalId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(nationalId.ToUpperInvariant())));
}

/// <summary>Chinese resident identity numbers (GB 11643-1999).</summary>
public static class NationalId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>18 characters: 17 digits and a check character (digit or X) that matches the weighted sum mod 11.</summary>
    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != 18)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return false;
            }

            sum += (id[i] - '0') * Weights[i];
        }

        return char.ToUpperInvariant(id[17]) == CheckCharacters[sum % 11];
    }

    /// <summary>The check character that completes a 17-digit prefix (used by tests and demo data).</summary>
    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>First 6 and last 4 characters shown, the rest masked: <c>360782********1234</c>.</summary>
    public static string Mask(string id) =>
        id.Length <= 10 ? new string('*', id.Length) : string.Concat(id.AsSpan(0, 6), new string('*', id.Length - 10), id.AsSpan(id.Length - 4));
}

/// <summary>Personal names as every response shows them: the first character kept, each other one masked (张三丰 → 张**).</summary>
public static class PersonalName
{
    public static string Mask(string name)
    {
        var info = new StringInfo(name.Trim());
        return info.LengthInTextElements <= 1
            ? "*"
            : string.Concat(info.SubstringByTextElements(0, 1), new string('*', info.LengthInTextElements - 1));
    }
}
