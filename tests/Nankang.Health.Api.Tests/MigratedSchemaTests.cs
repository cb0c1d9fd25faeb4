using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.PostgreSql;
using Nankang.Health.Persistence.Sqlite;
using Nankang.Health.Persistence.SqlServer;
using Npgsql;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// A database built by the migrations has the schema the model creates: the same tables, columns (type, nullability),
/// indexes (uniqueness, columns) and constraints, plus the append-only triggers only the migrations add. Unlike
/// <see cref="ModelMigrationsTests"/>, which compares the model with the snapshot, this reads real catalogues, so a
/// migration edited by hand or a snapshot edited to match the model without a migration fails here too.
/// SQL Server has no server here: the model's create script is compared with the migrations' script.
/// </summary>
public sealed partial class MigratedSchemaTests
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task MigratedDatabase_HasTheModelsSchemaAndTheAppendOnlyTriggers(Provider provider)
    {
        await using var migrated = await FreshDatabase.CreateAsync(provider);
        await using var created = await FreshDatabase.CreateAsync(provider);

        await using (var db = migrated.Context())
        {
            await db.Database.MigrateAsync();
            var (expected, missing) = await new AppendOnlyTriggers(db).MissingAsync(CancellationToken.None);
            Assert.True(expected > 0);
            Assert.Empty(missing);
        }

        await using (var db = created.Context())
        {
            Assert.True(await db.Database.EnsureCreatedAsync());
        }

        var fromMigrations = await migrated.CatalogueAsync();
        var fromModel = await created.CatalogueAsync();
        AssertReadSomething(fromModel);
        Assert.Equal(Lines(fromModel, fromMigrations), Lines(fromMigrations, fromModel));
    }

    [Fact]
    public void SqlServer_MigrationsScript_CreatesTheModelsTablesColumnsAndIndexes()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var fromModel = SqlServerScript.Replay(db.Database.GenerateCreateScript());
        var fromMigrations = SqlServerScript.Replay(db.GetService<IMigrator>().GenerateScript());
        AssertReadSomething(fromModel);
        Assert.Equal(Lines(fromModel, fromMigrations), Lines(fromMigrations, fromModel));
    }

    // The catalogue reading found columns and indexes at all: an empty reading on both sides would compare equal.
    private static void AssertReadSomething(ISet<string> catalogue)
    {
        Assert.Contains(catalogue, line => line.StartsWith("column members.", StringComparison.Ordinal));
        Assert.Contains(catalogue, line => line.StartsWith("index settlements ", StringComparison.Ordinal));
    }

    // The lines one side has and the other lacks: a failure names exactly what differs.
    private static string Lines(ISet<string> side, ISet<string> other) =>
        string.Join("\n", side.Where(line => !other.Contains(line)).Order(StringComparer.Ordinal));

    /// <summary>An empty database of its own (a SQLite file, or a database on the test PostgreSQL server), dropped after.</summary>
    private sealed class FreshDatabase : IAsyncDisposable
    {
        private readonly Provider _provider;
        private readonly string _connectionString;
        private readonly string _name;

        private FreshDatabase(Provider provider, string connectionString, string name)
        {
            _provider = provider;
            _connectionString = connectionString;
            _name = name;
        }

        public static async Task<FreshDatabase> CreateAsync(Provider provider)
        {
            if (provider == Provider.Sqlite)
            {
                var dir = Directory.CreateTempSubdirectory("nankang-schema-").FullName;
                return new FreshDatabase(provider, $"Data Source={Path.Combine(dir, "schema.db")}", dir);
            }

            var server = ApiFactory.PostgresServer ?? throw new InvalidOperationException("NANKANG_TEST_POSTGRES is not set.");
            var name = $"nankang_schema_{Guid.NewGuid():N}";
            await ExecuteAsync(server, $"CREATE DATABASE {name}");
            return new FreshDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, name);
        }

        public HealthDbContext Context()
        {
            IStoreProvider store = _provider == Provider.Sqlite ? new SqliteStoreProvider() : new PostgreSqlStoreProvider();
            var options = new DbContextOptionsBuilder<HealthDbContext>();
            store.Configure(options, _connectionString);

            // A model change without a migration is reported by the catalogue comparison, which names the column.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
            return new HealthDbContext(options.Options, store);
        }

        /// <summary>One line per table column, index and constraint, read from the database's catalogue.</summary>
        public async Task<HashSet<string>> CatalogueAsync()
        {
            await using var db = Context();
            var lines = new HashSet<string>(StringComparer.Ordinal);
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            if (_provider == Provider.Sqlite)
            {
                // Column order is left out: a column added by a later migration comes last in SQLite.
                const string tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'";
                foreach (var table in await ReadAsync(connection, tables))
                {
                    lines.Add($"table {table[0]}");
                    lines.UnionWith((await ReadAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table[0]}')"))
                        .Select(c => $"column {table[0]}.{c[0]} {c[1]} notnull={c[2]} pk={c[3]}"));
                    lines.UnionWith((await ReadAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table[0]}')"))
                        .Select(f => $"foreign key {table[0]}.{f[1]} -> {f[0]}.{f[2]} on delete {f[3]}"));
                    foreach (var index in await ReadAsync(connection, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table[0]}')"))
                    {
                        var columns = (await ReadAsync(connection, $"SELECT name FROM pragma_index_info('{index[0]}') ORDER BY seqno")).Select(c => c[0]);
                        var name = index[2] == "c" ? index[0] : $"({index[2]})"; // automatic indexes of keys have generated names
                        lines.Add($"index {table[0]} {name} unique={index[1]} ({string.Join(", ", columns)})");
                    }
                }
            }
            else
            {
                const string columns = """
                    SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, a.attidentity::text
                    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '__EFMigrationsHistory'
                    """;
                lines.UnionWith((await ReadAsync(connection, columns)).Select(c => $"column {c[0]}.{c[1]} {c[2]} notnull={c[3]} identity={c[4]}"));
                const string indexes = "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'";
                lines.UnionWith((await ReadAsync(connection, indexes)).Select(i => $"index {i[0]} {i[1]}"));
                const string constraints = """
                    SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '%EFMigrationsHistory%'
                    """;
                lines.UnionWith((await ReadAsync(connection, constraints)).Select(c => $"constraint {c[0]} {c[1]} {c[2]}"));
            }

            await db.Database.CloseConnectionAsync();
            return lines;
        }

        public async ValueTask DisposeAsync()
        {
            if (_provider == Provider.Sqlite)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(_name, recursive: true);
                return;
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(ApiFactory.PostgresServer!, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }

        private static async Task ExecuteAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        private static async Task<List<string[]>> ReadAsync(DbConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string[]>();
            while (await reader.ReadAsync())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))!)]);
            }

            return rows;
        }
    }

    /// <summary>
    /// Replays the table and index statements EF writes for SQL Server (CREATE/DROP TABLE, ALTER TABLE ADD/DROP COLUMN/
    /// ALTER COLUMN, CREATE/DROP INDEX) into one line per column and index. A statement it does not know (a rename)
    /// fails the test rather than being skipped, so the comparison cannot pass by ignoring a change.
    /// </summary>
    private static partial class SqlServerScript
    {
        public static HashSet<string> Replay(string script)
        {
            var columns = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            var indexes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match table in CreateTable().Matches(script))
            {
                var name = table.Groups["table"].Value;
                columns[name] = new(StringComparer.Ordinal);
                foreach (var line in table.Groups["body"].Value.Split('\n'))
                {
                    if (Column().Match(line.Trim()) is { Success: true } column)
                    {
                        columns[name][column.Groups["column"].Value] = Definition(column);
                    }
                }
            }

            foreach (Match statement in Statement().Matches(script))
            {
                var text = statement.Value;
                if (AddColumn().Match(text) is { Success: true } add && Column().Match(add.Groups["definition"].Value) is { Success: true } added)
                {
                    columns[add.Groups["table"].Value][added.Groups["column"].Value] = Definition(added);
                }
                else if (AlterColumn().Match(text) is { Success: true } alter && Column().Match(alter.Groups["definition"].Value) is { Success: true } altered)
                {
                    columns[alter.Groups["table"].Value][altered.Groups["column"].Value] = Definition(altered);
                }
                else if (DropColumn().Match(text) is { Success: true } drop)
                {
                    columns[drop.Groups["table"].Value].Remove(drop.Groups["column"].Value);
                }
                else if (DropTable().Match(text) is { Success: true } dropTable)
                {
                    columns.Remove(dropTable.Groups["table"].Value);
                }
                else if (CreateIndex().Match(text) is { Success: true } index)
                {
                    indexes[index.Groups["name"].Value] = $"index {index.Groups["table"].Value} {index.Groups["name"].Value} {index.Groups["unique"].Value.Trim()}({index.Groups["columns"].Value}){index.Groups["filter"].Value}";
                }
                else if (DropIndex().Match(text) is { Success: true } dropIndex)
                {
                    indexes.Remove(dropIndex.Groups["name"].Value);
                }
                else if (text.Contains("sp_rename", StringComparison.Ordinal))
                {
                    throw new NotSupportedException($"Teach {nameof(SqlServerScript)} renames: {text}");
                }
            }

            var lines = new HashSet<string>(StringComparer.Ordinal);
            lines.UnionWith(columns.SelectMany(t => t.Value.Select(c => $"column {t.Key}.{c.Key} {c.Value}")));
            lines.UnionWith(indexes.Values);
            return lines;
        }

        // The type and nullability; a DEFAULT that ALTER TABLE ADD needs to fill existing rows is not part of the shape.
        private static string Definition(Match column) => $"{column.Groups["type"].Value} {column.Groups["null"].Value}{column.Groups["identity"].Value}";

        // At the start of a line: the history table, indented inside an IF, is not part of the schema.
        [GeneratedRegex(@"^CREATE TABLE \[(?<table>[^\]]+)\] \((?<body>.*?)\r?\n\);", RegexOptions.Singleline | RegexOptions.Multiline)]
        private static partial Regex CreateTable();

        [GeneratedRegex(@"^\[(?<column>[^\]]+)\] (?<type>.+?) (?<null>NOT NULL|NULL)(?<identity> IDENTITY)?")]
        private static partial Regex Column();

        [GeneratedRegex(@"^[^\r\n]*?(ALTER|DROP|CREATE (UNIQUE )?INDEX|EXEC)[^;]*;", RegexOptions.Multiline)]
        private static partial Regex Statement();

        [GeneratedRegex(@"^ALTER TABLE \[(?<table>[^\]]+)\] ADD (?<definition>\[.*);")]
        private static partial Regex AddColumn();

        [GeneratedRegex(@"^ALTER TABLE \[(?<table>[^\]]+)\] ALTER COLUMN (?<definition>\[.*);")]
        private static partial Regex AlterColumn();

        [GeneratedRegex(@"^ALTER TABLE \[(?<table>[^\]]+)\] DROP COLUMN \[(?<column>[^\]]+)\];")]
        private static partial Regex DropColumn();

        [GeneratedRegex(@"^DROP TABLE \[(?<table>[^\]]+)\];")]
        private static partial Regex DropTable();

        [GeneratedRegex(@"^CREATE (?<unique>UNIQUE )?INDEX \[(?<name>[^\]]+)\] ON \[(?<table>[^\]]+)\] \((?<columns>[^)]*)\)(?<filter> WHERE .*)?;")]
        private static partial Regex CreateIndex();

        [GeneratedRegex(@"^DROP INDEX \[(?<name>[^\]]+)\] ON \[(?<table>[^\]]+)\];")]
        private static partial Regex DropIndex();
    }
}
