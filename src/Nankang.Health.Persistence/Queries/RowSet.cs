using System.Collections;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Persistence.Queries;

/// <summary>A table of <see cref="HealthDbContext"/> as Application sees it: the DbSet's query, and its Add and Remove.</summary>
internal sealed class RowSet<T>(DbSet<T> set) : IRowSet<T>, IAsyncEnumerable<T>
    where T : class
{
    public Type ElementType => typeof(T);

    public Expression Expression => ((IQueryable)set).Expression;

    public IQueryProvider Provider => ((IQueryable)set).Provider;

    public T Add(T row) => set.Add(row).Entity;

    public void AddRange(IEnumerable<T> rows) => set.AddRange(rows);

    public void Remove(T row) => set.Remove(row);

    public void RemoveRange(IEnumerable<T> rows) => set.RemoveRange(rows);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)set).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        ((IAsyncEnumerable<T>)set).GetAsyncEnumerator(cancellationToken);
}
