using System.Net;
using Microsoft.Extensions.Logging;

namespace Nankang.Health.Api.Tests;

/// <summary>Configured keys: SHA-256 always works; a clear-text key only in Development, and never shows in the logs.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiKeyTests
{
    private const string ClearKey = "clear-text-bureau-key-7f3a";

    [Theory]
    [InlineData("Production", HttpStatusCode.Unauthorized)]
    [InlineData("Testing", HttpStatusCode.Unauthorized)]
    [InlineData("Development", HttpStatusCode.NotFound)]
    public async Task ClearTextKey_AcceptedOnlyInDevelopment_IgnoredWithAWarningElsewhere(string environment, HttpStatusCode expected)
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        api.EnvironmentName = environment;
        api.Settings["Auth:ApiKeys:20:Key"] = ClearKey;
        api.Settings["Auth:ApiKeys:20:Role"] = "Bureau";
        api.Settings["Demo:Seed"] = "false";
        using var client = api.Client(ClearKey);

        Assert.Equal(expected, (await client.Get("/api/v1/members/M-none")).Status);
        using var bureau = api.Bureau();
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.Get("/api/v1/members/M-none")).Status);
        var warned = api.Logs.Lines.Any(l => l.Level == LogLevel.Warning && l.Text.Contains("clear-text key and is ignored", StringComparison.Ordinal));
        Assert.Equal(environment != "Development", warned);
        Assert.DoesNotContain(api.Logs.Lines, l => l.Text.Contains(ClearKey, StringComparison.Ordinal));
    }
}
