namespace Nankang.Health.Persistence.BatchStore;

/// <summary>
/// Commands and statements prepared on one context's connection, kept for the context's life and disposed with it
/// (<see cref="HealthDbContext.Prepared"/>). The group-commit writer keeps one context and its connection open from batch
/// to batch, and preparing its dozen or so statements again for every batch (SQLite parses the SQL text each time) was a
/// fixed cost per batch that dominated small batches (perf/README.md). A cached item checks itself that it still belongs
/// to the connection it is used on.
/// </summary>
public sealed class PreparedStatements : IDisposable
{
    private readonly Dictionary<string, IDisposable> _items = new(StringComparer.Ordinal);

    /// <summary>
    /// The item kept under <paramref name="key"/> (the statement's SQL text) if <paramref name="usable"/> says it still is;
    /// otherwise a new one, which replaces it.
    /// </summary>
    public T Get<T>(string key, Func<T, bool> usable, Func<T> create)
        where T : class, IDisposable
    {
        if (_items.TryGetValue(key, out var kept))
        {
            if (kept is T item && usable(item))
            {
                return item;
            }

            _items.Remove(key);
            kept.Dispose();
        }

        var created = create();
        _items[key] = created;
        return created;
    }

    public void Dispose()
    {
        foreach (var item in _items.Values)
        {
            item.Dispose();
        }

        _items.Clear();
    }
}
