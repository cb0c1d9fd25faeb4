namespace Nankang.Health.Application.Data;

/// <summary>
/// One table as the use cases see it: a query (run with the operators of <see cref="Queries.QueryableExtensions"/>)
/// whose added or removed rows are written by the store's next SaveChangesAsync.
/// </summary>
public interface IRowSet<T> : IQueryable<T>
    where T : class
{
    /// <summary>Tracks <paramref name="row"/> as new and returns it.</summary>
    T Add(T row);

    void AddRange(IEnumerable<T> rows);

    void Remove(T row);

    void RemoveRange(IEnumerable<T> rows);
}
