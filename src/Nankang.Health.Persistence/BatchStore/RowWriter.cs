using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Nankang.Health.Persistence.BatchStore;

/// <summary>
/// Writes rows with plain <c>INSERT</c> and keyed <c>UPDATE</c> statements, built from the EF model — table and column names,
/// type mappings and value converters exactly as the migrations created them — but without change tracking:
/// the write of the settle path, where tracking and per-entity bookkeeping cost more than the database itself
/// (perf/README.md). Store-generated keys are left to the database. The rows go in the context's current transaction.
/// A database error surfaces as <see cref="DbUpdateException"/>, as from <c>SaveChanges</c>, so unique violations are
/// recognized the same way. A provider with its own statement runner (<see cref="IRowInserter"/>: SQLite) runs a single-row
/// statement per row; otherwise rows go through ADO.NET parameters, many rows per command.
/// </summary>
internal static class RowWriter
{
    /// <summary>Parameters per command: SQL Server accepts 2,100, SQLite 32,766, PostgreSQL 65,535.</summary>
    private const int MaxParameters = 2000;

    private static readonly ConcurrentDictionary<(IModel Model, Type Type), TableShape> Shapes = new();

    /// <param name="inserter">The provider's own way of running statements, if it has one.</param>
    public static async Task InsertAsync<T>(HealthDbContext context, IReadOnlyList<T> rows, IRowInserter? inserter, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var shape = ShapeOf(context, typeof(T));
        if (inserter is not null)
        {
            await RunOnProviderAsync(inserter, context, shape.SingleInsert, rows, cancellationToken);
            return;
        }

        await RunChunkedAsync(context, shape, rows, shape.Inserted, shape.InsertSql, Math.Max(1, MaxParameters / shape.Inserted.Length), cancellationToken);
    }

    /// <summary>Updates every non-key column of each row, found by its primary key.</summary>
    public static async Task UpdateAsync<T>(HealthDbContext context, IReadOnlyList<T> rows, IRowInserter? inserter, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var shape = ShapeOf(context, typeof(T));
        if (inserter is not null)
        {
            var updated = await RunOnProviderAsync(inserter, context, shape.SingleUpdate, rows, cancellationToken);
            if (updated != rows.Count)
            {
                throw new DbUpdateConcurrencyException($"Expected to update {rows.Count} {shape.Table} rows, updated {updated}.");
            }

            return;
        }

        var columns = shape.Updated.Concat(shape.Keys).ToArray();
        var changed = await RunChunkedAsync(context, shape, rows, columns, shape.UpdateSql, Math.Max(1, MaxParameters / columns.Length), cancellationToken);
        if (changed != rows.Count)
        {
            throw new DbUpdateConcurrencyException($"Expected to update {rows.Count} {shape.Table} rows, updated {changed}.");
        }
    }

    /// <summary>
    /// Runs <paramref name="sqlFor"/>(n) for chunks of at most <paramref name="perCommand"/> rows, each row's
    /// <paramref name="columns"/> as parameters in order; returns the rows changed.
    /// </summary>
    private static async Task<int> RunChunkedAsync<T>(
        DbContext context, TableShape shape, IReadOnlyList<T> rows, Column[] columns, Func<int, string> sqlFor, int perCommand, CancellationToken cancellationToken)
        where T : class
    {
        var changed = 0;
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var count = Math.Min(perCommand, rows.Count - start);
            await using var command = CreateCommand(context);
            command.CommandText = sqlFor(count);
            var n = 0;
            for (var r = start; r < start + count; r++)
            {
                foreach (var column in columns)
                {
                    command.Parameters.Add(column.Parameter(command, shape.Helper, n++, rows[r]));
                }
            }

            changed += await ExecuteAsync(command, cancellationToken);
        }

        return changed;
    }

    private static async Task<int> RunOnProviderAsync<T>(
        IRowInserter inserter, HealthDbContext context, RowStatement statement, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await inserter.RunAsync(context, statement, rows, cancellationToken);
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Writing rows failed: {e.Message}", e);
        }
    }

    private static DbCommand CreateCommand(DbContext context)
    {
        var command = context.Database.GetDbConnection().CreateCommand();
        command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static async Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Writing rows failed: {e.Message}", e);
        }
    }

    private static TableShape ShapeOf(DbContext context, Type type) =>
        Shapes.GetOrAdd((context.Model, type), static (key, context) => TableShape.Of(context, key.Type), context);

    private sealed class TableShape
    {
        private readonly ConcurrentDictionary<int, string> _insertSql = new();
        private readonly ConcurrentDictionary<int, string> _updateSql = new();
        private string _insertHead = string.Empty;
        private string _updateStatement = string.Empty;
        private RowStatement? _insert;
        private RowStatement? _update;

        public required string Table { get; init; }

        /// <summary>The single-row insert and its columns in parameter order, for a provider's own inserter.</summary>
        public RowStatement SingleInsert => _insert ??= new RowStatement(Table, InsertSql(1), [.. Inserted.Select(c => new RowColumn(c.Name, c.ProviderValue))]);

        /// <summary>The single-row update (non-key columns, then the key) and its columns in parameter order.</summary>
        public RowStatement SingleUpdate => _update ??= new RowStatement(
            Table, UpdateSql(1).TrimEnd(';', '\n'), [.. Updated.Concat(Keys).Select(c => new RowColumn(c.Name, c.ProviderValue))]);

        public required ISqlGenerationHelper Helper { get; init; }

        /// <summary>Every column but a store-generated key.</summary>
        public required Column[] Inserted { get; init; }

        public required Column[] Keys { get; init; }

        public required Column[] Updated { get; init; }

        public static TableShape Of(DbContext context, Type type)
        {
            var entity = context.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
            var mapping = entity.GetTableMappings().Single();
            var helper = context.GetService<ISqlGenerationHelper>();
            var columns = mapping.ColumnMappings
                .Select(m => new Column(m.Column.Name, m.TypeMapping, m.Property.GetGetter(), m.Column.IsNullable, m.Property))
                .ToArray();
            if (columns.FirstOrDefault(c => c.Property.IsShadowProperty()) is { } shadow)
            {
                throw new InvalidOperationException($"{type.Name}.{shadow.Name} is a shadow property; the row writer needs every column on the row.");
            }

            var inserted = columns.Where(c => !(c.Property.IsPrimaryKey() && c.Property.ValueGenerated.HasFlag(ValueGenerated.OnAdd))).ToArray();
            var shape = new TableShape
            {
                Table = mapping.Table.Name,
                Helper = helper,
                Inserted = inserted,
                Keys = [.. columns.Where(c => c.Property.IsPrimaryKey())],
                Updated = [.. columns.Where(c => !c.Property.IsPrimaryKey())],
            };
            var table = helper.DelimitIdentifier(mapping.Table.Name, mapping.Table.Schema);
            shape._insertHead = $"INSERT INTO {table} ({string.Join(", ", inserted.Select(c => helper.DelimitIdentifier(c.Name)))}) VALUES ";
            var n = 0;
            var set = string.Join(", ", shape.Updated.Select(c => $"{helper.DelimitIdentifier(c.Name)} = {{{n++}}}"));
            var where = string.Join(" AND ", shape.Keys.Select(c => $"{helper.DelimitIdentifier(c.Name)} = {{{n++}}}"));
            shape._updateStatement = $"UPDATE {table} SET {set} WHERE {where}";
            return shape;
        }

        public string InsertSql(int rows) => _insertSql.GetOrAdd(rows, count =>
        {
            var sql = new StringBuilder(_insertHead);
            var n = 0;
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Inserted.Length; c++)
                {
                    sql.Append(c == 0 ? string.Empty : ", ").Append(Helper.GenerateParameterNamePlaceholder($"p{n++}"));
                }

                sql.Append(')');
            }

            return sql.ToString();
        });

        public string UpdateSql(int rows) => _updateSql.GetOrAdd(rows, count =>
        {
            var perStatement = Updated.Length + Keys.Length;
            var sql = new StringBuilder();
            for (var r = 0; r < count; r++)
            {
                var names = Enumerable.Range(r * perStatement, perStatement).Select(i => (object)Helper.GenerateParameterNamePlaceholder($"p{i}")).ToArray();
                sql.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, _updateStatement, names)).Append(";\n");
            }

            return sql.ToString();
        });
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, bool Nullable, IProperty Property)
    {
        /// <summary>The column's value on <paramref name="row"/> as the database stores it (after the value converter, if any).</summary>
        public object? ProviderValue(object row)
        {
            var value = Getter.GetClrValueUsingContainingEntity(row);
            return value is null || Mapping.Converter is not { } converter ? value : converter.ConvertToProvider(value);
        }

        /// <summary>The column's value on <paramref name="row"/> as a parameter, through the column's type mapping and converter.</summary>
        public DbParameter Parameter(DbCommand command, ISqlGenerationHelper helper, int n, object row) =>
            Mapping.CreateParameter(command, helper.GenerateParameterName($"p{n}"), Getter.GetClrValueUsingContainingEntity(row), Nullable);
    }
}

/// <summary>A single-row <c>INSERT</c> or <c>UPDATE</c> of a table (parameters <c>p0…pn</c>) and its columns in parameter order.</summary>
public sealed record RowStatement(string Table, string Sql, IReadOnlyList<RowColumn> Columns);

/// <summary>A column of a <see cref="RowStatement"/> and how to read its stored value off a row.</summary>
public sealed record RowColumn(string Name, Func<object, object?> ProviderValue);

/// <summary>A provider's own way of writing rows in the context's current transaction, faster than ADO.NET parameters.</summary>
public interface IRowInserter
{
    /// <summary>
    /// Runs the statement once per row, in order, with the row's values; returns how many rows it changed in all. A database
    /// error is thrown as the provider's <see cref="DbException"/>.
    /// </summary>
    Task<int> RunAsync(HealthDbContext context, RowStatement statement, IReadOnlyList<object> rows, CancellationToken cancellationToken);
}
