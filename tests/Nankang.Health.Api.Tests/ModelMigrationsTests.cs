using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.PostgreSql;
using Nankang.Health.Persistence.Sqlite;
using Nankang.Health.Persistence.SqlServer;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The model the entity configurations build equals each provider's latest migration snapshot: a change to a
/// configuration without its migration (on any of the three providers) fails here. No database is needed.
/// </summary>
public sealed class ModelMigrationsTests
{
    public static TheoryData<string> Providers => ["Sqlite", "PostgreSql", "SqlServer"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Model_HasNoChangeMissingFromTheMigrations(string provider)
    {
        IDesignTimeDbContextFactory<HealthDbContext> factory = provider switch
        {
            "Sqlite" => new SqliteDesignTimeFactory(),
            "PostgreSql" => new PostgreSqlDesignTimeFactory(),
            _ => new SqlServerDesignTimeFactory(),
        };
        using var db = factory.CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model differs from the last migration's snapshot; add a migration.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}
