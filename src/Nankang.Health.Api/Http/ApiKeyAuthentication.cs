using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Http;

/// <summary>One configured key: its SHA-256 (or, in Development only, the clear text), role and hospital.</summary>
public sealed class ApiKeyEntry
{
    public string? KeySha256 { get; set; }

    public string? Key { get; set; }

    public CallerRole Role { get; set; }

    public string? HospitalId { get; set; }
}

public sealed class AuthOptions
{
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}

/// <summary>The configured keys, hashed once; a presented key is hashed and compared in constant time with each.</summary>
public sealed class ApiKeyRegistry
{
    private readonly (byte[] Hash, Caller Caller)[] _keys;

    public ApiKeyRegistry(IOptions<AuthOptions> options, ILogger<ApiKeyRegistry> logger, IHostEnvironment environment)
    {
        var keys = new List<(byte[], Caller)>();
        for (var index = 0; index < options.Value.ApiKeys.Count; index++)
        {
            var entry = options.Value.ApiKeys[index];
            byte[] hash;
            if (!string.IsNullOrWhiteSpace(entry.KeySha256))
            {
                hash = Convert.FromHexString(entry.KeySha256.Trim());
            }
            else if (!string.IsNullOrEmpty(entry.Key))
            {
                if (!environment.IsDevelopment())
                {
                    // A clear-text key in configuration outside Development is a leak waiting to happen: refuse the entry, start anyway.
                    logger.LogWarning(
                        "Auth:ApiKeys entry {Index} ({Role}{Hospital}) has a clear-text key and is ignored outside Development; configure keySha256 instead.",
                        index, entry.Role, entry.HospitalId is null ? string.Empty : " " + entry.HospitalId);
                    continue;
                }

                hash = SHA256.HashData(Encoding.UTF8.GetBytes(entry.Key));
            }
            else
            {
                throw new InvalidOperationException("Every Auth:ApiKeys entry needs keySha256 (or key).");
            }

            if (hash.Length != 32 || (entry.Role == CallerRole.Hospital && string.IsNullOrWhiteSpace(entry.HospitalId)))
            {
                throw new InvalidOperationException("An Auth:ApiKeys entry has a malformed keySha256 or a hospital key without hospitalId.");
            }

            keys.Add((hash, new Caller(KeyId(hash), entry.Role, entry.Role == CallerRole.Hospital ? entry.HospitalId : null)));
        }

        _keys = [.. keys];
    }

    /// <summary>The caller a presented key belongs to, or null. Every configured key is compared, in constant time.</summary>
    public Caller? Find(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        Caller? found = null;
        foreach (var (candidate, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                found = caller;
            }
        }

        return found;
    }

    /// <summary>The id recorded for a key: the first 12 hex digits of its SHA-256, never the key itself.</summary>
    public static string KeyId(byte[] sha256) => "k-" + Convert.ToHexStringLower(sha256)[..12];
}

/// <summary>Authenticates <c>X-Api-Key</c>. Missing or unknown key → 401; the role decides the rest (403).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRegistry registry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (registry.Find(values[0]!) is not { } caller)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Role, caller.Role.ToString()), new("key_id", caller.KeyId) };
        if (caller.HospitalId is not null)
        {
            claims.Add(new Claim("hospital_id", caller.HospitalId));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        Context.Items[typeof(Caller)] = caller;
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

public static class Policies
{
    public const string Bureau = "Bureau";
    public const string AnyKey = "AnyKey";
}
