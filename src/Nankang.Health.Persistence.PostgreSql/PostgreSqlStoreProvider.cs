using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Nankang.Health.Application.Data;
using Npgsql;

namespace Nankang.Health.Persistence.PostgreSql;

/// <summary>
/// PostgreSQL, the real server. Writes run in READ COMMITTED transactions; the writes of one member-year are serialized
/// across every server process by a transaction-scoped advisory lock taken before the member-year is read. Every write
/// transaction first takes the ledger gate (an advisory lock) shared, a month's close takes it exclusively.
/// </summary>
public sealed class PostgreSqlStoreProvider : IStoreProvider
{
    public string Name => "PostgreSql";

    public void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(PostgreSqlStoreProvider).Assembly.GetName().Name));

    public Task<IWriteTransaction> BeginWriteAsync(DbContext context, CancellationToken cancellationToken) =>
        WriteTransaction.BeginLockedAsync(context, $"SELECT pg_advisory_xact_lock_shared({LockKeys.LedgerGateClass}, {LockKeys.LedgerGateId})", cancellationToken);

    public Task<IWriteTransaction> BeginMonthCloseAsync(DbContext context, CancellationToken cancellationToken) =>
        WriteTransaction.BeginLockedAsync(context, $"SELECT pg_advisory_xact_lock({LockKeys.LedgerGateClass}, {LockKeys.LedgerGateId})", cancellationToken);

    /// <summary>
    /// One round trip after BEGIN: the ledger gate, then the member-years' keys sorted here and locked in array order
    /// (unnest keeps it), so batches never deadlock.
    /// </summary>
    public Task<IWriteTransaction> BeginWriteAsync(DbContext context, IReadOnlyCollection<(string MemberId, int Year)> memberYears, CancellationToken cancellationToken)
    {
        var keys = memberYears.Select(LockKeys.MemberYear).Distinct().Order().ToArray();
        return WriteTransaction.BeginLockedAsync(
            context,
            $"SELECT pg_advisory_xact_lock_shared({LockKeys.LedgerGateClass}, {LockKeys.LedgerGateId}); SELECT pg_advisory_xact_lock(k) FROM unnest({keys}) AS k",
            cancellationToken);
    }

    public Task LockMemberYearAsync(DbContext context, string memberId, int year, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKeys.MemberYear(memberId, year)})", cancellationToken);

    public string PairFilter(string first, string second) =>
        $"({first}, {second}) IN (SELECT x ->> 0, x ->> 1 FROM jsonb_array_elements(CAST({{0}} AS jsonb)) AS x)";

    /// <summary>A text array parameter: PostgreSQL searches the index once per element.</summary>
    public string ListFilter(string column) => $"{column} = ANY({{0}})";

    public object ListParameter(IReadOnlyList<string> values) => values.ToArray();

    public bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Under a session advisory lock: nodes starting together on an empty database migrate one after another.</summary>
    public Task MigrateAsync(DbContext context, CancellationToken cancellationToken) =>
        SerializedMigration.MigrateAsync(
            context,
            $"SELECT pg_advisory_lock({LockKeys.LedgerGateClass}, {LockKeys.MigrationsId})",
            $"SELECT pg_advisory_unlock({LockKeys.LedgerGateClass}, {LockKeys.MigrationsId})",
            cancellationToken);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for PostgreSQL (no server needed to add a migration).</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<HealthDbContext>
{
    public HealthDbContext CreateDbContext(string[] args)
    {
        var provider = new PostgreSqlStoreProvider();
        var options = new DbContextOptionsBuilder<HealthDbContext>();
        provider.Configure(options, "Host=localhost;Database=nankang_design");
        return new HealthDbContext(options.Options, provider);
    }
}
