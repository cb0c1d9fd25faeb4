using System.Collections.Concurrent;

namespace Nankang.Health.Api.Tests;

/// <summary>One running service per provider, shared by the API tests, with the golden hospitals registered.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Provider, Lazy<Task<ApiFactory>>> _factories = new();

    public Task<ApiFactory> For(Provider provider) =>
        _factories.GetOrAdd(provider, p => new Lazy<Task<ApiFactory>>(async () =>
        {
            var factory = ApiFactory.Create(p);
            await factory.SeedHospitalsAsync();
            return factory;
        })).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var lazy in _factories.Values)
        {
            await (await lazy.Value).DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
