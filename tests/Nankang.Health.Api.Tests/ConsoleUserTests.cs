using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Users;
using Nankang.Health.Cli;

namespace Nankang.Health.Api.Tests;

/// <summary><c>nankang users</c>: the console's accounts from the command line, on SQLite and PostgreSQL.</summary>
public sealed class ConsoleUserTests
{
    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task UsersAdd_PasswordFromInput_HashedAuditedAndToBeChanged(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        await api.SeedHospitalsAsync();
        string[] database = ["--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", api.ConnectionString];
        var (output, errors) = (new StringWriter(), new StringWriter());

        var code = await Commands.AddUserAsync(
            ["users", "add", "--name", "Wang.Wu", "--display-name", "王五", "--role", "hospital", "--hospital", "H-NK-L2", .. database],
            new StringReader("Strong-pass-2020\n"), output, errors, CancellationToken.None);

        Assert.True(code == 0, errors.ToString());
        var user = await api.WithDb(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "wang.wu"));
        Assert.Equal(("Hospital", "H-NK-L2", true), (user.Role, user.HospitalId, user.MustChangePassword));
        Assert.DoesNotContain("Strong-pass-2020", user.PasswordHash, StringComparison.Ordinal);
        Assert.NotEqual(PasswordVerificationResult.Failed, ConsoleUsers.Hasher.VerifyHashedPassword(user, user.PasswordHash, "Strong-pass-2020"));
        Assert.True(await api.WithDb(db => db.AuditLog.AnyAsync(a => a.KeyId == "cli:users" && a.Action == "user.add" && a.Target == "user:wang.wu")));

        // A weak password, a taken name and an unknown hospital each write nothing.
        Assert.Equal(1, await Commands.AddUserAsync(["users", "add", "--name", "li.si", "--display-name", "李四", "--role", "Bureau", .. database],
            new StringReader("short1\n"), output, errors, CancellationToken.None));
        Assert.Equal(1, await Commands.AddUserAsync(["users", "add", "--name", "wang.wu", "--display-name", "王五", "--role", "Bureau", .. database],
            new StringReader("Strong-pass-2020\n"), output, errors, CancellationToken.None));
        Assert.Equal(1, await Commands.AddUserAsync(["users", "add", "--name", "zhao.liu", "--display-name", "赵六", "--role", "Hospital", "--hospital", "H-NONE", .. database],
            new StringReader("Strong-pass-2020\n"), output, errors, CancellationToken.None));
        Assert.Equal(1, await api.WithDb(db => db.Users.CountAsync()));
    }

    /// <summary>
    /// The operator's way back when no administrator can sign in: unlock, reset the password (from standard input; to be
    /// changed, every session ended), disable and enable, each audited under cli:users; an unknown name writes nothing.
    /// </summary>
    [Theory, MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task UsersUnlockResetDisableEnable_ChangeTheAccountAndAreAudited(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        await api.SeedHospitalsAsync(); // the service migrates its database: the CLI never creates one
        string[] database = ["--Database:Provider", provider.ToString(), "--ConnectionStrings:Health", api.ConnectionString];
        var (output, errors) = (new StringWriter(), new StringWriter());
        Task<int> Users(string input, params string[] args) =>
            Commands.AddUserAsync(["users", .. args, .. database], new StringReader(input), output, errors, CancellationToken.None);
        Assert.True(await Users("First-pass-2020\n", "add", "--name", "boss", "--display-name", "局长", "--role", "Bureau", "--administrator") == 0, errors.ToString());
        await api.WithDb(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.UserName == "boss");
            (row.LockedUntil, row.FailedSignIns) = (DateTime.UtcNow.AddMinutes(10), 0);
            return await db.SaveChangesAsync();
        });
        var before = await api.WithDb(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "boss"));

        Assert.True(await Users(string.Empty, "unlock", "--name", "boss") == 0, errors.ToString());
        Assert.Null((await api.WithDb(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "boss"))).LockedUntil);

        Assert.Equal(1, await Users("short\n", "reset-password", "--name", "boss"));
        Assert.Contains("password", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await Users("Second-pass-2020\n", "reset-password", "--name", "boss"));
        var reset = await api.WithDb(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "boss"));
        Assert.NotEqual(PasswordVerificationResult.Failed, ConsoleUsers.Hasher.VerifyHashedPassword(reset, reset.PasswordHash, "Second-pass-2020"));
        Assert.True(reset.MustChangePassword);
        Assert.NotEqual(before.SessionStamp, reset.SessionStamp);

        Assert.Equal(0, await Users(string.Empty, "disable", "--name", "boss"));
        Assert.NotNull((await api.WithDb(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "boss"))).DisabledAt);
        Assert.Equal(0, await Users(string.Empty, "enable", "--name", "BOSS"));
        Assert.Null((await api.WithDb(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "boss"))).DisabledAt);

        Assert.Equal(1, await Users(string.Empty, "disable", "--name", "nobody"));
        Assert.Equal(2, await Users(string.Empty, "unlock"));
        var audited = await api.WithDb(db => db.AuditLog.Where(a => a.KeyId == "cli:users" && a.Target == "user:boss").OrderBy(a => a.Seq).Select(a => a.Action).ToListAsync());
        Assert.Equal(["user.add", "user.unlock", "user.reset-password", "user.disable", "user.enable"], audited);
        Assert.Contains("boss: password reset", output.ToString(), StringComparison.Ordinal);
    }
}
