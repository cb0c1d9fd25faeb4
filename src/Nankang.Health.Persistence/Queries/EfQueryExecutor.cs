using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Persistence.Queries;

/// <summary>Application's query operators (<see cref="QueryableExtensions"/>) run by EF Core's.</summary>
internal sealed class EfQueryExecutor : IQueryExecutor
{
    public IQueryable<T> AsNoTracking<T>(IQueryable<T> source)
        where T : class => EntityFrameworkQueryableExtensions.AsNoTracking(source);

    public IQueryable<T> Include<T, TProperty>(IQueryable<T> source, Expression<Func<T, TProperty>> navigation)
        where T : class => EntityFrameworkQueryableExtensions.Include(source, navigation);

    public IAsyncEnumerable<T> AsAsyncEnumerable<T>(IQueryable<T> source) => EntityFrameworkQueryableExtensions.AsAsyncEnumerable(source);

    public Task<List<T>> ToListAsync<T>(IQueryable<T> source, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.ToListAsync(source, cancellationToken);

    public Task<T> SingleAsync<T>(IQueryable<T> source, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.SingleAsync(source, cancellationToken);

    public Task<T?> SingleOrDefaultAsync<T>(IQueryable<T> source, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(source, cancellationToken);

    public Task<T?> FirstOrDefaultAsync<T>(IQueryable<T> source, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(source, cancellationToken);

    public Task<bool> AnyAsync<T>(IQueryable<T> source, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.AnyAsync(source, cancellationToken);

    public Task<int> CountAsync<T>(IQueryable<T> source, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.CountAsync(source, cancellationToken);

    public Task<long> LongCountAsync<T>(IQueryable<T> source, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.LongCountAsync(source, cancellationToken);

    public Task<int> ExecuteDeleteAsync<T>(IQueryable<T> source, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(source, cancellationToken);

    public Task<int> ExecuteUpdateAsync<T>(IQueryable<T> source, RowSetters<T> setters, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(source, builder => setters.Accept(new Setters<T>(builder)), cancellationToken);

    private sealed class Setters<T>(UpdateSettersBuilder<T> builder) : IRowSetterVisitor<T>
    {
        public void SetProperty<TProperty>(Expression<Func<T, TProperty>> property, TProperty value) => builder.SetProperty(property, value);
    }
}
