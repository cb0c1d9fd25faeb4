using System.Collections.Concurrent;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// One running service per provider on a database of its own, nothing seeded: for tests that write made-up rows (amounts
/// no claim produces, settlements of members that do not exist) which the shared database's ledger checks must never see.
/// </summary>
public sealed class IsolatedApiFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Provider, Lazy<ApiFactory>> _factories = new();

    /// <summary>The service on <paramref name="provider"/>, started (and its database migrated) on first use.</summary>
    public ApiFactory For(Provider provider) =>
        _factories.GetOrAdd(provider, p => new Lazy<ApiFactory>(() =>
        {
            var factory = ApiFactory.Create(p);
            _ = factory.Services;
            return factory;
        })).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var lazy in _factories.Values)
        {
            await lazy.Value.DisposeAsync();
        }
    }
}
