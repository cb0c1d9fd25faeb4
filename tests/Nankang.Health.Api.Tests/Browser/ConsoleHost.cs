using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Users;

namespace Nankang.Health.Api.Tests.Browser;

/// <summary>
/// One browser for the console's test class, and one service per database provider listening on a real port with a
/// hand-moved clock. Each service holds May 2020 of a small district: four settlements (one unreferred stay in the city
/// and one Dibao patient below 90%), a reconciliation of another hospital, and the accounts the tests sign in with.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    public const string Password = "Console-test-2020";
    private readonly Dictionary<Provider, Task<District>> _districts = [];
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync() => (_playwright, Browser) = await Chromium.LaunchAsync();

    public Task<District> District(Provider provider)
    {
        lock (_districts)
        {
            if (!_districts.TryGetValue(provider, out var district))
            {
                _districts[provider] = district = Browser.StartDistrictAsync(provider);
            }

            return district;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var district in _districts.Values)
        {
            await (await district).Host.DisposeAsync();
        }

        await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

/// <summary>The seeded service of one provider and the ids the tests look for.</summary>
public sealed record District(BureauHost Host, Uri Address, IReadOnlyList<string> PoorMembers, string InDistrict, string Unreferred, string Dibao, string Ordinary, string OtherReconciliation);

public static class DistrictSeed
{
    public static async Task<District> StartDistrictAsync(this IBrowser _, Provider provider)
    {
        var host = await BureauHost.StartAsync(provider, DateTimeOffset.Parse("2020-05-20T04:00:00Z", CultureInfo.InvariantCulture), realPort: true);
        var (poorA, poorB) = (await host.CreateMember(), await host.CreateMember());
        var ordinary = await host.CreateMember(poor: false);
        var dibao = await DibaoMember(host);

        var inDistrict = (await host.Settle("H-NK-L2", poorA, 10_000m, "2020-05-10"))["settlementId"]!.GetValue<string>();
        var unreferred = (await host.Settle("H-GZ-L3", poorB, 20_000m, "2020-05-12", outOfScope: 5_000m))["settlementId"]!.GetValue<string>();
        var ordinarySettlement = (await host.Settle("H-NK-L2", ordinary, 8_000m, "2020-05-15"))["settlementId"]!.GetValue<string>();
        var dibaoSettlement = (await host.Settle("H-NK-L3", dibao, 5_000m, "2020-05-16", outOfScope: 1_000m))["settlementId"]!.GetValue<string>();

        // June: May has ended and can be closed.
        host.At("2020-06-02T04:00:00Z");
        using (var other = host.Hospital("H-NK-L3"))
        {
            var (status, body, raw) = await other.Post("/api/v1/reconciliations", new JsonObject
            {
                ["hospitalId"] = "H-NK-L3", ["month"] = "2020-05",
                ["totals"] = new JsonObject
                {
                    ["basicInsurance"] = 0, ["seriousIllnessInsurance"] = 0, ["supplementaryInsurance"] = 0, ["medicalAssistance"] = 0,
                    ["specialReliefTopUp"] = 0, ["specialReliefHighCost"] = 0,
                },
            });
            Assert.True(status == System.Net.HttpStatusCode.Created, raw);
            await AddUsersAsync(host);
            return new District(host, host.Address!, [poorA, poorB, dibao], inDistrict, unreferred, dibaoSettlement, ordinarySettlement, body!["reconciliationId"]!.GetValue<string>());
        }
    }

    private static async Task<string> DibaoMember(BureauHost host)
    {
        var memberId = TestIds.Unique("M");
        using var bureau = host.Bureau();
        var (status, _, raw) = await bureau.Put($"/api/v1/members/{memberId}", new JsonObject
        {
            ["nationalId"] = TestIds.Remember(memberId, TestIds.NationalId(TestIds.NextSequence())), ["name"] = "低保", ["birthDate"] = "1960-01-01", ["sex"] = "M",
            ["township"] = "蓉江街道", ["village"] = "新民村", ["categories"] = ApiClient.Poor("Dibao"),
        });
        Assert.True(status == System.Net.HttpStatusCode.Created, raw);
        return memberId;
    }

    /// <summary>
    /// The accounts: <c>admin</c> (bureau administrator), <c>clerk</c> (bureau), <c>nkl2</c> (hospital H-NK-L2), <c>locky</c>
    /// (for the lockout) and <c>managed</c> (unlocked, reset, disabled by the administrator) with their first password already
    /// changed; <c>newbie</c> as AddUser leaves it, to change first.
    /// </summary>
    private static async Task AddUsersAsync(BureauHost host)
    {
        await using var scope = host.Scope();
        var mediator = scope.ServiceProvider.GetRequiredService<Mediator.IMediator>();
        var cli = new Application.Common.Caller("cli:test", Application.Common.CallerRole.Bureau, null);
        (string Name, Application.Common.CallerRole Role, string? Hospital, bool Admin)[] users =
        [
            ("admin", Application.Common.CallerRole.Bureau, null, true), ("clerk", Application.Common.CallerRole.Bureau, null, false),
            ("nkl2", Application.Common.CallerRole.Hospital, "H-NK-L2", false), ("locky", Application.Common.CallerRole.Bureau, null, false),
            ("newbie", Application.Common.CallerRole.Bureau, null, false), ("managed", Application.Common.CallerRole.Hospital, "H-NK-L2", false),
        ];
        foreach (var u in users)
        {
            var result = await mediator.Send(new AddUser(cli, new UserBody(u.Name, "测试" + u.Name, u.Role, u.Hospital, u.Admin, ConsoleHost.Password)));
            Assert.True(result.IsSuccess, result.Problem?.ToString());
        }

        var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
        foreach (var row in store.Users.Where(u => u.UserName != "newbie"))
        {
            row.MustChangePassword = false;
        }

        await store.SaveChangesAsync(CancellationToken.None);
    }
}
