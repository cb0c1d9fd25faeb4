using System.Linq.Expressions;

namespace Nankang.Health.Application.Data.Queries;

/// <summary>
/// Runs the store's queries: the asynchronous operators and query options of <see cref="QueryableExtensions"/>, which
/// the persistence project implements with its ORM, so Application references none. Every query is translated and
/// run by the database as before; only the operator's entry point moved.
/// </summary>
public interface IQueryExecutor
{
    IQueryable<T> AsNoTracking<T>(IQueryable<T> source)
        where T : class;

    IQueryable<T> Include<T, TProperty>(IQueryable<T> source, Expression<Func<T, TProperty>> navigation)
        where T : class;

    IAsyncEnumerable<T> AsAsyncEnumerable<T>(IQueryable<T> source);

    Task<List<T>> ToListAsync<T>(IQueryable<T> source, CancellationToken cancellationToken);

    Task<T> SingleAsync<T>(IQueryable<T> source, CancellationToken cancellationToken);

    Task<T?> SingleOrDefaultAsync<T>(IQueryable<T> source, CancellationToken cancellationToken);

    Task<T?> FirstOrDefaultAsync<T>(IQueryable<T> source, CancellationToken cancellationToken);

    Task<bool> AnyAsync<T>(IQueryable<T> source, CancellationToken cancellationToken);

    Task<int> CountAsync<T>(IQueryable<T> source, CancellationToken cancellationToken);

    Task<long> LongCountAsync<T>(IQueryable<T> source, CancellationToken cancellationToken);

    Task<int> ExecuteDeleteAsync<T>(IQueryable<T> source, CancellationToken cancellationToken);

    Task<int> ExecuteUpdateAsync<T>(IQueryable<T> source, RowSetters<T> setters, CancellationToken cancellationToken);
}
