using System.Security.Cryptography;
using System.Text;

namespace Nankang.Health.Application.Common;

/// <summary>
/// Encrypts personal data at rest (AES-256-GCM, a random 96-bit nonce per value) and computes the keyed lookup hash
/// of national IDs (HMAC-SHA256 under a key derived from the same master key). Values are stored as
/// <c>v2:KEYID:base64(nonce ‖ ciphertext ‖ tag)</c>, where KEYID (8 hex digits derived from the master key, not
/// revealing it) names the key. Key rotation: the new key becomes the current one and the old ones are kept as previous keys, so every
/// value stays readable and every national ID findable (<see cref="LookupHashes"/>) while <c>nankang rekey</c>
/// re-encrypts the rows under the current key (<see cref="Members.RekeyPersonalData"/>); then the old keys can go.
/// </summary>
public sealed class PersonalDataProtector
{
    private const string Version = "v2";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Key _current;
    private readonly Key[] _keys;

    /// <param name="masterKey">The current key (32 bytes): every value is protected and every national ID hashed with it.</param>
    /// <param name="previousKeys">Keys of earlier rotations, still accepted for reading and finding.</param>
    public PersonalDataProtector(byte[] masterKey, IReadOnlyList<byte[]>? previousKeys = null)
    {
        _current = new Key(masterKey);
        _keys = [_current, .. (previousKeys ?? []).Select(k => new Key(k)).Where(k => k.Id != _current.Id).DistinctBy(k => k.Id)];
        CurrentPrefix = $"{Version}:{_current.Id}:";
    }

    /// <summary>The start of every value protected with the current key: a value without it is due for re-keying.</summary>
    public string CurrentPrefix { get; }

    /// <summary>The current key's id (8 hex digits).</summary>
    public string CurrentKeyId => _current.Id;

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _current.Aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length, TagSize));
        return CurrentPrefix + Convert.ToBase64String(output);
    }

    public string Unprotect(string stored)
    {
        var parts = stored.Split(':', 3);
        if (parts is not [Version, var keyId, var data])
        {
            throw new CryptographicException("Unknown personal data format.");
        }

        var owner = Array.Find(_keys, k => k.Id == keyId)
            ?? throw new CryptographicException($"A personal data value is under key {keyId}, which is not configured (Security:PreviousPersonalDataKeys).");
        return TryDecrypt(owner, Convert.FromBase64String(data), out var text)
            ? text
            : throw new CryptographicException($"A personal data value under key {keyId} does not decrypt: it was altered.");
    }

    /// <summary>The keyed hash by which a national ID is stored and found, under the current key; equal IDs give equal hashes.</summary>
    public string LookupHash(string nationalId) => _current.LookupHash(nationalId);

    /// <summary>The national ID's hash under every configured key, the current one first: a row not yet re-keyed is found by its old hash.</summary>
    public IReadOnlyList<string> LookupHashes(string nationalId) => [.. _keys.Select(k => k.LookupHash(nationalId))];

    private static bool TryDecrypt(Key key, byte[] data, out string plaintext)
    {
        plaintext = string.Empty;
        if (data.Length < NonceSize + TagSize)
        {
            return false;
        }

        var plain = new byte[data.Length - NonceSize - TagSize];
        try
        {
            key.Aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(plain);
        return true;
    }

    private sealed class Key
    {
        private readonly byte[] _lookup;
        private readonly ThreadLocal<AesGcm> _aes;

        public Key(byte[] masterKey)
        {
            if (masterKey.Length != 32)
            {
                throw new ArgumentException("A personal data key must be 32 bytes.", nameof(masterKey));
            }

            Encryption = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "nankang/pd/encrypt/v1"u8.ToArray());
            _lookup = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "nankang/pd/lookup/v1"u8.ToArray());
            Id = Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 4, info: "nankang/pd/key-id/v1"u8.ToArray()));
            _aes = new ThreadLocal<AesGcm>(() => new AesGcm(Encryption, TagSize));
        }

        public string Id { get; }

        public byte[] Encryption { get; }

        /// <summary>
        /// This thread's cipher of the key: an <see cref="AesGcm"/> is not thread-safe, and setting one up costs more than
        /// encrypting a name, which the registry import does 1.6 million times.
        /// </summary>
        public AesGcm Aes => _aes.Value!;

        public string LookupHash(string nationalId) =>
            Convert.ToHexStringLower(HMACSHA256.HashData(_lookup, Encoding.UTF8.GetBytes(nationalId.ToUpperInvariant())));
    }
}

/// <summary>The settings that hold the personal data keys, each base64 of 32 random bytes (<c>openssl rand -base64 32</c>).</summary>
public static class PersonalDataKeys
{
    /// <summary>The current key.</summary>
    public const string Current = "Security:PersonalDataKey";

    /// <summary>Keys of earlier rotations, a list (<c>Security:PreviousPersonalDataKeys:0</c>, <c>:1</c>, …).</summary>
    public const string Previous = "Security:PreviousPersonalDataKeys";

    /// <summary>The key in <paramref name="value"/>, or an error that names <paramref name="setting"/>.</summary>
    public static byte[] Parse(string value, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} must be base64 of exactly 32 bytes.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException($"{setting} must be base64 of exactly 32 bytes.");
    }

    /// <summary>The previous keys from their settings' paths and values; empty entries are skipped.</summary>
    public static IReadOnlyList<byte[]> ParseAll(IEnumerable<(string Path, string? Value)> settings) =>
        [.. settings.Where(s => !string.IsNullOrWhiteSpace(s.Value)).Select(s => Parse(s.Value!, s.Path))];
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
