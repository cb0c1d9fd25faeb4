using System.Data.Common;
using Microsoft.Data.Sqlite;
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

    /// <summary>A provider name that is not Sqlite, PostgreSql or SqlServer is a <see cref="UsageException"/>.</summary>
    public StoreFactory(string providerName, string connectionString)
    {
        Provider = providerName.ToUpperInvariant() switch
        {
            // No memory map: resettle streams the whole database and must keep its working set small.
            "SQLITE" => new SqliteStoreProvider(mmapBytes: 0),
            "POSTGRESQL" => new PostgreSqlStoreProvider(),
            "SQLSERVER" => new SqlServerStoreProvider(),
            _ => throw new UsageException($"Database:Provider '{providerName}' is not one of Sqlite, PostgreSql, SqlServer."),
        };
        var builder = new DbContextOptionsBuilder<HealthDbContext>();
        try
        {
            // The key=value form checked now, rather than as a stack trace when the first query opens the connection.
            _ = new DbConnectionStringBuilder { ConnectionString = connectionString };
            Provider.Configure(builder, connectionString);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"ConnectionStrings:Health is not a {Provider.Name} connection string: {e.Message}");
        }

        _options = builder.Options;
    }

    public IStoreProvider Provider { get; }

    /// <summary>
    /// The database of the configuration, which must exist: a SQLite file that is not there is a <see cref="UsageException"/>
    /// rather than a new empty database (SQLite would create one on opening it).
    /// </summary>
    public static StoreFactory From(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        var connection = configuration.GetConnectionString("Health") is { Length: > 0 } c
            ? c
            : throw new UsageException("ConnectionStrings:Health is required (--ConnectionStrings:Health \"Data Source=...\" or ConnectionStrings__Health).");
        var stores = new StoreFactory(provider, connection);
        if (stores.Provider is SqliteStoreProvider && MissingSqliteFile(connection) is { } missing)
        {
            throw new UsageException($"The database {missing} does not exist (ConnectionStrings:Health); nothing was created.");
        }

        return stores;
    }

    /// <summary>The full path of the SQLite file a connection string names, if it names a file that does not exist.</summary>
    public static string? MissingSqliteFile(string connectionString)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"ConnectionStrings:Health is not a SQLite connection string: {e.Message}");
        }

        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = Path.GetFullPath(source);
        return File.Exists(path) ? null : path;
    }

    public HealthDbContext Open() => new(_options, Provider);
}
