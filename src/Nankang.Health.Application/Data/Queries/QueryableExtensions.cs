using System.Linq.Expressions;

namespace Nankang.Health.Application.Data.Queries;

/// <summary>
/// The asynchronous query operators and options the use cases call on the store's tables, with the names and shapes of
/// EF Core's, run by the <see cref="IQueryExecutor"/> the persistence project registers (<see cref="Executor"/>).
/// The overloads with a predicate are Where followed by the operator: the same SQL.
/// </summary>
public static class QueryableExtensions
{
    private static IQueryExecutor? executor;

    /// <summary>The executor; set once by the persistence project before its first query.</summary>
    public static IQueryExecutor Executor
    {
        get => executor ?? throw new InvalidOperationException("No query executor is registered: the persistence project sets QueryableExtensions.Executor.");
        set => executor = value;
    }

    public static IQueryable<T> AsNoTracking<T>(this IQueryable<T> source)
        where T : class => Executor.AsNoTracking(source);

    public static IQueryable<T> Include<T, TProperty>(this IQueryable<T> source, Expression<Func<T, TProperty>> navigation)
        where T : class => Executor.Include(source, navigation);

    public static IAsyncEnumerable<T> AsAsyncEnumerable<T>(this IQueryable<T> source) => Executor.AsAsyncEnumerable(source);

    public static Task<List<T>> ToListAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Executor.ToListAsync(source, cancellationToken);

    public static Task<T> SingleAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Executor.SingleAsync(source, cancellationToken);

    public static Task<T> SingleAsync<T>(this IQueryable<T> source, Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default) =>
        Executor.SingleAsync(source.Where(predicate), cancellationToken);

    public static Task<T?> SingleOrDefaultAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Executor.SingleOrDefaultAsync(source, cancellationToken);

    public static Task<T?> SingleOrDefaultAsync<T>(this IQueryable<T> source, Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default) =>
        Executor.SingleOrDefaultAsync(source.Where(predicate), cancellationToken);

    public static Task<T?> FirstOrDefaultAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Executor.FirstOrDefaultAsync(source, cancellationToken);

    public static Task<T?> FirstOrDefaultAsync<T>(this IQueryable<T> source, Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default) =>
        Executor.FirstOrDefaultAsync(source.Where(predicate), cancellationToken);

    public static Task<bool> AnyAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Executor.AnyAsync(source, cancellationToken);

    public static Task<bool> AnyAsync<T>(this IQueryable<T> source, Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default) =>
        Executor.AnyAsync(source.Where(predicate), cancellationToken);

    public static Task<int> CountAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Executor.CountAsync(source, cancellationToken);

    public static Task<int> CountAsync<T>(this IQueryable<T> source, Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default) =>
        Executor.CountAsync(source.Where(predicate), cancellationToken);

    public static Task<long> LongCountAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Executor.LongCountAsync(source, cancellationToken);

    public static Task<int> ExecuteDeleteAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Executor.ExecuteDeleteAsync(source, cancellationToken);

    /// <summary>Sets columns of every row the query selects in one UPDATE, without loading them.</summary>
    public static Task<int> ExecuteUpdateAsync<T>(this IQueryable<T> source, Action<RowSetters<T>> set, CancellationToken cancellationToken = default)
    {
        var setters = new RowSetters<T>();
        set(setters);
        return Executor.ExecuteUpdateAsync(source, setters, cancellationToken);
    }

    public static Task<Dictionary<TKey, T>> ToDictionaryAsync<T, TKey>(
        this IQueryable<T> source, Func<T, TKey> keySelector, CancellationToken cancellationToken = default)
        where TKey : notnull => source.ToDictionaryAsync(keySelector, e => e, null, cancellationToken);

    public static Task<Dictionary<TKey, TElement>> ToDictionaryAsync<T, TKey, TElement>(
        this IQueryable<T> source, Func<T, TKey> keySelector, Func<T, TElement> elementSelector, CancellationToken cancellationToken = default)
        where TKey : notnull => source.ToDictionaryAsync(keySelector, elementSelector, null, cancellationToken);

    /// <summary>Reads the query's rows as they arrive into a dictionary (as EF Core's operator does).</summary>
    public static async Task<Dictionary<TKey, TElement>> ToDictionaryAsync<T, TKey, TElement>(
        this IQueryable<T> source, Func<T, TKey> keySelector, Func<T, TElement> elementSelector, IEqualityComparer<TKey>? comparer,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        var dictionary = new Dictionary<TKey, TElement>(comparer);
        await foreach (var element in Executor.AsAsyncEnumerable(source).WithCancellation(cancellationToken))
        {
            dictionary.Add(keySelector(element), elementSelector(element));
        }

        return dictionary;
    }
}
