using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Persistence.SqlServer;

/// <summary>
/// SQL Server, a supported provider (migrations kept current and compiled in CI; no server runs in CI). The writes of
/// one member-year are serialized by a transaction-owned application lock (sp_getapplock). Every write transaction first
/// takes the ledger gate (an application lock) shared, a month's close takes it exclusively.
/// </summary>
public sealed class SqlServerStoreProvider : IStoreProvider
{
    public string Name => "SqlServer";

    public void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, o => o.MigrationsAssembly(typeof(SqlServerStoreProvider).Assembly.GetName().Name));

    public Task<IWriteTransaction> BeginWriteAsync(DbContext context, CancellationToken cancellationToken) =>
        BeginGatedAsync(context, "Shared", cancellationToken);

    public Task<IWriteTransaction> BeginMonthCloseAsync(DbContext context, CancellationToken cancellationToken) =>
        BeginGatedAsync(context, "Exclusive", cancellationToken);

    private static Task<IWriteTransaction> BeginGatedAsync(DbContext context, string gateMode, CancellationToken cancellationToken) =>
        WriteTransaction.BeginLockedAsync(
            context,
            $"EXEC sp_getapplock @Resource = {LockKeys.LedgerGateResource}, @LockMode = {gateMode}, @LockOwner = 'Transaction', @LockTimeout = 30000",
            cancellationToken);

    public Task LockMemberYearAsync(DbContext context, string memberId, int year, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlAsync(
            $"EXEC sp_getapplock @Resource = {"member-year:" + LockKeys.MemberYear(memberId, year)}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000",
            cancellationToken);

    /// <summary>SQL Server has no row-value IN: a semi-join on OPENJSON.</summary>
    public string PairFilter(string first, string second) =>
        $"EXISTS (SELECT 1 FROM OPENJSON({{0}}) WITH (pair_first nvarchar(200) '$[0]', pair_second nvarchar(200) '$[1]') AS pairs " +
        $"WHERE pairs.pair_first = {first} AND pairs.pair_second = {second})";

    public string ListFilter(string column) => $"{column} IN (SELECT value FROM OPENJSON({{0}}))";

    public bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqlException { Number: 2601 or 2627 };

    /// <summary>Under a session-owned application lock, waited for without limit: concurrent start-ups migrate one after another.</summary>
    public Task MigrateAsync(DbContext context, CancellationToken cancellationToken) =>
        SerializedMigration.MigrateAsync(
            context,
            $"EXEC sp_getapplock @Resource = {LockKeys.MigrationsResource}, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
            $"EXEC sp_releaseapplock @Resource = {LockKeys.MigrationsResource}, @LockOwner = 'Session'",
            cancellationToken);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for SQL Server (no server needed to add a migration).</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<HealthDbContext>
{
    public HealthDbContext CreateDbContext(string[] args)
    {
        var provider = new SqlServerStoreProvider();
        var options = new DbContextOptionsBuilder<HealthDbContext>();
        provider.Configure(options, "Server=localhost;Database=nankang_design;Trusted_Connection=True;TrustServerCertificate=True");
        return new HealthDbContext(options.Options, provider);
    }
}
