using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace Nankang.Health.Persistence.BatchStore;

/// <summary>
/// Reads whole rows (or one column of them) by a list of keys (or of key pairs) with one plain ADO.NET command whose
/// only parameter is the list (as JSON, or an array where the provider has them), and builds them with delegates
/// compiled once per table from the EF model (column names, the provider's reader method and value converter of each
/// column): the reads of the settle path, where EF's query pipeline — building, caching and running a LINQ query, then
/// its materializer — cost several times the database's own work (perf/README.md). Rows are not tracked. A database
/// error surfaces as the provider's <see cref="DbException"/>.
/// </summary>
internal static class RowReader
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), object> Shapes = new();

    public static Task<List<T>> ReadAsync<T>(HealthDbContext context, string filter, object parameterValue, CancellationToken cancellationToken)
        where T : class
    {
        var shape = ShapeOf<T>(context);
        return RunAsync(context, shape.Select + Filter(filter, shape.Placeholder), shape.ParameterName, parameterValue, shape.Materialize, cancellationToken);
    }

    /// <summary>
    /// The values of one text column of <typeparamref name="T"/>'s table (<paramref name="column"/>, a delimited name) in
    /// the rows that <paramref name="filter"/> finds: to learn which keys exist without reading the rows (personal data
    /// stays on disk).
    /// </summary>
    public static Task<List<string>> ReadColumnAsync<T>(HealthDbContext context, string column, string filter, object parameterValue, CancellationToken cancellationToken)
        where T : class
    {
        var shape = ShapeOf<T>(context);
        return RunAsync(context, $"SELECT {column} FROM {shape.Table} WHERE " + Filter(filter, shape.Placeholder), shape.ParameterName, parameterValue,
            static reader => reader.GetString(0), cancellationToken);
    }

    /// <summary>Two text columns of the rows that <paramref name="filter"/> finds, as <see cref="ReadColumnAsync{T}"/> reads one.</summary>
    public static Task<List<(string, string)>> ReadColumnsAsync<T>(
        HealthDbContext context, string column, string other, string filter, object parameterValue, CancellationToken cancellationToken)
        where T : class
    {
        var shape = ShapeOf<T>(context);
        return RunAsync(context, $"SELECT {column}, {other} FROM {shape.Table} WHERE " + Filter(filter, shape.Placeholder), shape.ParameterName, parameterValue,
            static reader => (reader.GetString(0), reader.GetString(1)), cancellationToken);
    }

    private static Shape<T> ShapeOf<T>(HealthDbContext context)
        where T : class =>
        (Shape<T>)Shapes.GetOrAdd((context.Model, typeof(T)), static (key, context) => Shape<T>.Of(context), context);

    private static string Filter(string filter, string placeholder) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, filter, placeholder);

    private static async Task<List<TRow>> RunAsync<TRow>(
        HealthDbContext context, string sql, string parameterName, object parameterValue, Func<DbDataReader, TRow> materialize, CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();

        // Kept with the context: ADO.NET providers keep a command's prepared statements while its text and connection stay
        // the same (Microsoft.Data.Sqlite re-prepares by itself after the connection was closed and opened again).
        var command = context.Prepared.Get(sql, c => c.Connection == connection, () => Command(connection, sql, parameterName));
        command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        command.Parameters[0].Value = parameterValue;
        var rows = new List<TRow>();
        var opened = command.Connection!.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(materialize(reader));
            }

            return rows;
        }
        finally
        {
            command.Parameters[0].Value = null;

            if (opened)
            {
                await context.Database.CloseConnectionAsync();
            }
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, string parameterName)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = parameterName;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Pairs as a JSON array of two-string arrays, the parameter of <see cref="IStoreProvider.PairFilter"/>.</summary>
    public static string PairsJson(IReadOnlyList<(string First, string Second)> pairs) =>
        JsonSerializer.Serialize(pairs.Select(p => new[] { p.First, p.Second }));

    /// <summary>
    /// A table's delimited name, its <c>SELECT</c> of every column and the compiled builder of a row from them, in that order.
    /// </summary>
    private sealed class Shape<T>
        where T : class
    {
        public required string Table { get; init; }

        public required string Select { get; init; }

        public required string ParameterName { get; init; }

        public required string Placeholder { get; init; }

        public required Func<DbDataReader, T> Materialize { get; init; }

        public static Shape<T> Of(DbContext context)
        {
            var entity = context.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
            var mapping = entity.GetTableMappings().Single();
            var helper = context.GetService<ISqlGenerationHelper>();
            var columns = mapping.ColumnMappings.ToArray();

            // (reader) => new T { P0 = convert(reader.GetX(0)), ... }, a null column leaving the property's default.
            var reader = Expression.Parameter(typeof(DbDataReader), "reader");
            var row = Expression.Variable(typeof(T), "row");
            var body = new List<Expression> { Expression.Assign(row, Expression.New(typeof(T))) };
            for (var i = 0; i < columns.Length; i++)
            {
                var property = columns[i].Property;
                var typeMapping = columns[i].TypeMapping;
                var member = property.PropertyInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} has no CLR property.");
                var index = Expression.Constant(i);
                Expression value = Expression.Call(reader, typeMapping.GetDataReaderMethod(), index);
                var providerType = typeMapping.Converter?.ProviderClrType ?? property.ClrType;
                if (value.Type != Nullable.GetUnderlyingType(providerType) && value.Type != providerType)
                {
                    value = Expression.Convert(value, Nullable.GetUnderlyingType(providerType) ?? providerType);
                }

                if (typeMapping.Converter is { } converter)
                {
                    value = ReplacingExpressionVisitor.Replace(converter.ConvertFromProviderExpression.Parameters[0], value, converter.ConvertFromProviderExpression.Body);
                }

                if (value.Type != property.ClrType)
                {
                    value = Expression.Convert(value, property.ClrType);
                }

                var assign = Expression.Assign(Expression.Property(row, member), value);
                body.Add(property.IsNullable
                    ? Expression.IfThen(Expression.Not(Expression.Call(reader, nameof(DbDataReader.IsDBNull), null, index)), assign)
                    : assign);
            }

            body.Add(row);
            var materialize = Expression.Lambda<Func<DbDataReader, T>>(Expression.Block([row], body), reader).Compile();
            var table = helper.DelimitIdentifier(mapping.Table.Name, mapping.Table.Schema);
            return new Shape<T>
            {
                Table = table,
                Select = $"SELECT {string.Join(", ", columns.Select(c => helper.DelimitIdentifier(c.Column.Name)))} FROM {table} WHERE ",
                ParameterName = helper.GenerateParameterName("p0"),
                Placeholder = helper.GenerateParameterNamePlaceholder("p0"),
                Materialize = materialize,
            };
        }
    }
}
