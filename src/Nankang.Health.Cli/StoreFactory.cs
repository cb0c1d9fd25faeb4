using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.PostgreSql;
using Nankang.Health.Persistence.Sqlite;
using Nankang.Health.Persistence.SqlServer;

namespace Nankang.Health.Cli;

/// <summary>Opens the service's database from the same keys as the API: <c>Database:Provider</c> and <c>ConnectionStrings:Health</c>.</summary>
public sealed class StoreFactory
{
    private readonly DbContextOptions<HealthDbContext> _options;

    public StoreFactory(string providerName, string connectionString)
    {
        Provider = providerName.ToUpperInvariant() switch
        {
            // No memory map: resettle streams the whole database and must keep its working set small.
            "SQLITE" => new SqliteStoreProvider(mmapBytes: 0),
            "POSTGRESQL" => new PostgreSqlStoreProvider(),
            "SQLSERVER" => new SqlServerStoreProvider(),
            var other => throw new ArgumentException($"Database:Provider '{other}' is not one of Sqlite, PostgreSql, SqlServer."),
        };
        var builder = new DbContextOptionsBuilder<HealthDbContext>();
        Provider.Configure(builder, connectionString);
        _options = builder.Options;
    }

    public IStoreProvider Provider { get; }

    public static StoreFactory From(IConfiguration configuration) => new(
        configuration["Database:Provider"] ?? "Sqlite",
        configuration.GetConnectionString("Health") is { Length: > 0 } connection
            ? connection
            : throw new ArgumentException("ConnectionStrings:Health is required (--ConnectionStrings:Health \"Data Source=...\" or ConnectionStrings__Health)."));

    public HealthDbContext Open() => new(_options, Provider);
}
