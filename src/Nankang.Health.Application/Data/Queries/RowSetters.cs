using System.Linq.Expressions;

namespace Nankang.Health.Application.Data.Queries;

/// <summary>The columns a bulk update sets (<see cref="QueryableExtensions.ExecuteUpdateAsync"/>), each to a value sent as a parameter.</summary>
public sealed class RowSetters<T>
{
    private readonly List<Action<IRowSetterVisitor<T>>> setters = [];

    public RowSetters<T> SetProperty<TProperty>(Expression<Func<T, TProperty>> property, TProperty value)
    {
        setters.Add(v => v.SetProperty(property, value));
        return this;
    }

    /// <summary>Hands each setter, in order and with its property type, to <paramref name="visitor"/>.</summary>
    public void Accept(IRowSetterVisitor<T> visitor)
    {
        foreach (var setter in setters)
        {
            setter(visitor);
        }
    }
}

/// <summary>Receives the setters of a <see cref="RowSetters{T}"/> (the persistence project's bulk update).</summary>
public interface IRowSetterVisitor<T>
{
    void SetProperty<TProperty>(Expression<Func<T, TProperty>> property, TProperty value);
}
