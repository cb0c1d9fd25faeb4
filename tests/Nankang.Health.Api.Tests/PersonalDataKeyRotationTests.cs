using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Cli;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// Rotating the personal data key: the new key current, the old one previous, every member stays readable and findable
/// while <c>nankang rekey</c> moves the rows to the new key; afterwards the new key alone reads everything.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PersonalDataKeyRotationTests
{
    private static readonly byte[] OldKey = Convert.FromBase64String(ApiFactory.PersonalDataKey);
    private static readonly byte[] NewKey = SHA256.HashData("nankang-test-rotated-personal-data-key"u8);

    [Fact]
    public void Protect_NamesTheCurrentKey_AndPreviousKeysStillRead()
    {
        var before = new PersonalDataProtector(OldKey);
        var rotated = new PersonalDataProtector(NewKey, [OldKey]);
        var stored = before.Protect("张三");

        Assert.StartsWith(before.CurrentPrefix, stored, StringComparison.Ordinal);
        Assert.NotEqual(before.CurrentPrefix, rotated.CurrentPrefix);
        Assert.Equal("张三", rotated.Unprotect(stored));
        Assert.StartsWith(rotated.CurrentPrefix, rotated.Protect("张三"), StringComparison.Ordinal);
        Assert.Equal([new PersonalDataProtector(NewKey).LookupHash("36078219491231739X"), before.LookupHash("36078219491231739x")], rotated.LookupHashes("36078219491231739X"));

        var missing = Assert.Throws<CryptographicException>(() => new PersonalDataProtector(NewKey).Unprotect(stored));
        Assert.Contains(before.CurrentKeyId, missing.Message, StringComparison.Ordinal);
        var altered = stored[..^4] + (stored[^4] == 'A' ? 'B' : 'A') + stored[^3..];
        Assert.Throws<CryptographicException>(() => rotated.Unprotect(altered));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Rotation_ServesEveryMemberThroughout_AndRekeyLeavesTheNewKeyAlone(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        await api.SeedHospitalsAsync();
        var (firstId, first) = (TestIds.NationalId(TestIds.NextSequence()), TestIds.Unique("M"));
        var (secondId, second) = (TestIds.NationalId(TestIds.NextSequence()), TestIds.Unique("M"));
        using (var bureau = api.Bureau())
        {
            Assert.Equal(HttpStatusCode.Created, (await bureau.Put($"/api/v1/members/{first}", Member(firstId, "王老一"))).Status);
        }

        // Every server restarted with the new key current and the old one previous.
        await using var rotated = api.ShareDatabaseWith();
        rotated.Settings[PersonalDataKeys.Current] = Convert.ToBase64String(NewKey);
        rotated.Settings[$"{PersonalDataKeys.Previous}:0"] = ApiFactory.PersonalDataKey;
        using (var bureau = rotated.Bureau())
        using (var hospital = rotated.Hospital("H-NK-L2"))
        {
            var (read, member, readRaw) = await bureau.Get($"/api/v1/members/{first}");
            Assert.True(read == HttpStatusCode.OK, readRaw);
            Assert.Equal("王老一", member!["name"]!.GetValue<string>());
            var (found, eligible, foundRaw) = await hospital.Post("/api/v1/eligibility", new { nationalId = firstId, hospitalId = "H-NK-L2" });
            Assert.True(found == HttpStatusCode.OK, foundRaw);
            Assert.Equal(first, eligible!["memberId"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Conflict, (await bureau.Put($"/api/v1/members/{TestIds.Unique("M")}", Member(firstId, "冒用"))).Status);
            Assert.Equal(HttpStatusCode.Created, (await bureau.Put($"/api/v1/members/{second}", Member(secondId, "王老二"))).Status);
        }

        var oldOnly = new PersonalDataProtector(OldKey);
        var newOnly = new PersonalDataProtector(NewKey);
        var due = await api.WithDb(db => db.Members.CountAsync(m => !m.NationalIdCipher.StartsWith(newOnly.CurrentPrefix)));
        Assert.Equal(1, due);

        var output = new StringWriter();
        var progress = new StringWriter();
        var code = await Commands.RunAsync(
            ["rekey", "--batch", "1", "--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", api.ConnectionString,
             $"--{PersonalDataKeys.Current}", Convert.ToBase64String(NewKey), $"--{PersonalDataKeys.Previous}:0", ApiFactory.PersonalDataKey],
            output, progress);
        Assert.True(code == 0, output.ToString());
        Assert.Contains("100 % 1/1", progress.ToString().Split('\r')[^1], StringComparison.Ordinal);
        Assert.Contains("errors 0", progress.ToString().Split('\r')[^1], StringComparison.Ordinal);
        Assert.Contains("re-keyed 1 members", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("remaining under another key: 0", output.ToString(), StringComparison.Ordinal);

        var rows = await api.WithDb(db => db.Members.AsNoTracking().Where(m => m.Id == first || m.Id == second).ToListAsync());
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            var nationalId = row.Id == first ? firstId : secondId;
            Assert.Equal(nationalId, newOnly.Unprotect(row.NationalIdCipher));
            Assert.Equal(newOnly.LookupHash(nationalId), row.NationalIdLookup);
            Assert.StartsWith(newOnly.CurrentPrefix, row.NameCipher, StringComparison.Ordinal);
            Assert.Throws<CryptographicException>(() => oldOnly.Unprotect(row.NameCipher));
        }

        Assert.True(await api.WithDb(db => db.AuditLog.AnyAsync(a => a.Action == "personal-data.rekey" && a.KeyId == "cli:rekey")));

        // Again: nothing left to do. Then the old key is removed and the new key alone serves everyone.
        output = new StringWriter();
        Assert.Equal(0, await Commands.RunAsync(
            ["rekey", "--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", api.ConnectionString, $"--{PersonalDataKeys.Current}", Convert.ToBase64String(NewKey)],
            output, TextWriter.Null));
        Assert.Contains("re-keyed 0 members", output.ToString(), StringComparison.Ordinal);
        await using var after = api.ShareDatabaseWith();
        after.Settings[PersonalDataKeys.Current] = Convert.ToBase64String(NewKey);
        using (var hospital = after.Hospital("H-NK-L2"))
        {
            var (found, eligible, raw) = await hospital.Post("/api/v1/eligibility", new { nationalId = firstId, hospitalId = "H-NK-L2" });
            Assert.True(found == HttpStatusCode.OK, raw);
            Assert.Equal(first, eligible!["memberId"]!.GetValue<string>());
        }
    }

    /// <summary>A value under a key that is not configured stops the pass with a message that names the key; nothing of that batch is written.</summary>
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task Rekey_WithoutTheOldKey_StopsAndChangesNothing(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        var member = TestIds.Unique("M");
        using (var bureau = api.Bureau())
        {
            Assert.Equal(HttpStatusCode.Created, (await bureau.Put($"/api/v1/members/{member}", Member(TestIds.NationalId(TestIds.NextSequence()), "赵五"))).Status);
        }

        var before = await api.WithDb(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == member));
        var errors = new StringWriter();
        var code = await Commands.RunAsync(
            ["rekey", "--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", api.ConnectionString, $"--{PersonalDataKeys.Current}", Convert.ToBase64String(NewKey)],
            TextWriter.Null, errors);
        Assert.Equal(1, code);
        Assert.Contains(new PersonalDataProtector(OldKey).CurrentKeyId, errors.ToString(), StringComparison.Ordinal);
        var now = await api.WithDb(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == member));
        Assert.Equal((before.NationalIdCipher, before.NameCipher, before.NationalIdLookup), (now.NationalIdCipher, now.NameCipher, now.NationalIdLookup));
    }

    private static JsonObject Member(string nationalId, string name) => new()
    {
        ["nationalId"] = nationalId, ["name"] = name, ["birthDate"] = "1950-01-01", ["sex"] = "M",
        ["township"] = "蓉江街道", ["village"] = "新民村", ["categories"] = ApiClient.Poor(),
    };
}
