using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.Sqlite;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// Tests of the SQLite provider itself on a migrated database in a temporary file (write-ahead log and all), deleted with
/// its log afterwards; each test class gets its own provider, as the service has one.
/// </summary>
public abstract class SqliteFileTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nankang-sqlite-{Guid.NewGuid():N}.db");

    protected SqliteStoreProvider Provider { get; } = new(mmapBytes: 0);

    public async Task InitializeAsync()
    {
        await using var db = Context();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, $"{_path}-wal", $"{_path}-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    protected HealthDbContext Context()
    {
        var options = new DbContextOptionsBuilder<HealthDbContext>();
        Provider.Configure(options, $"Data Source={_path}");
        return new HealthDbContext(options.Options, Provider);
    }

    protected static AdmissionRow Admission() => new()
    {
        Id = $"A{Guid.NewGuid():N}", HospitalId = "H-T", VisitNo = $"V{Guid.NewGuid():N}", MemberId = "M-T", AdmittedOn = new DateOnly(2020, 1, 1),
        CreatedAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}
