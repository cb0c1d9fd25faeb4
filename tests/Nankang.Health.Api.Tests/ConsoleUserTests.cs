using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Users;
using Nankang.Health.Cli;

namespace Nankang.Health.Api.Tests;

/// <summary><c>nankang users add</c>: the console's accounts from the command line, on SQLite and PostgreSQL.</summary>
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
}
