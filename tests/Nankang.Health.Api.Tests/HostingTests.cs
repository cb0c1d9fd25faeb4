using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Nankang.Health.Api.Tests;

/// <summary>How the service is hosted, where it matters for its cost under load.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostingTests(ApiFixture fixture)
{
    [Fact]
    public async Task Configuration_IsNotWatchedForChanges_SoDatabaseWritesWakeNoFileWatcher()
    {
        var api = await fixture.For(Provider.Sqlite);
        var configuration = (IConfigurationRoot)api.Services.GetRequiredService<IConfiguration>();

        var jsonSources = configuration.Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();

        Assert.NotEmpty(jsonSources);
        Assert.All(jsonSources, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched for changes"));
    }
}
