using System.Linq.Expressions;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Data;

/// <summary>
/// The amount columns of a row (<see cref="IBookedAmounts"/>: each fund, then the patient's part) inside a query, written
/// once: <see cref="WhereAmounts{T}"/> and <see cref="SelectAmounts{T, TOut}"/> expand <see cref="Net"/>,
/// <see cref="FundTotal"/>, <see cref="AnyAmount"/>, <see cref="SameAmounts"/> and <see cref="AnyAmountSum{TRow}"/> into one
/// term per column from the fund list, which the database then computes. Outside a query they compute the same in memory.
/// </summary>
public static class AmountQueries
{
    /// <summary>Σ of the fund columns.</summary>
    public static long FundTotal(this IBookedAmounts row) => row.Amounts().Payments.Total.Fen;

    /// <summary>Σ of the fund columns plus the patient's part.</summary>
    public static long Net(this IBookedAmounts row) => row.FundTotal() + row.PatientPays;

    /// <summary>Whether <paramref name="test"/> holds for any amount column.</summary>
    public static bool AnyAmount(this IBookedAmounts row, Func<long, bool> test) => Columns(row).Any(test);

    /// <summary>Whether every amount column equals the other row's.</summary>
    public static bool SameAmounts(this IBookedAmounts row, IBookedAmounts other) => Columns(row).SequenceEqual(Columns(other));

    /// <summary>Whether <paramref name="test"/> holds for any amount column summed over the rows.</summary>
    public static bool AnyAmountSum<TRow>(this IEnumerable<TRow> rows, Func<long, bool> test)
        where TRow : IBookedAmounts =>
        Enumerable.Range(0, BookedAmounts.AllColumns.Count).Any(i => test(rows.Sum(r => Columns(r)[i])));

    /// <summary>A Where whose predicate may use the amount markers above.</summary>
    public static IQueryable<T> WhereAmounts<T>(this IQueryable<T> source, Expression<Func<T, bool>> predicate) =>
        source.Where((Expression<Func<T, bool>>)new Expand().Visit(predicate));

    /// <summary>A Select whose selector may use the amount markers above.</summary>
    public static IQueryable<TOut> SelectAmounts<T, TOut>(this IQueryable<T> source, Expression<Func<T, TOut>> selector) =>
        source.Select((Expression<Func<T, TOut>>)new Expand().Visit(selector));

    private static long[] Columns(IBookedAmounts row)
    {
        var amounts = row.Amounts();
        return [.. Funds.All.Select(f => amounts.Payments[f].Fen), amounts.PatientPays.Fen];
    }

    /// <summary>Replaces each marker call by its terms, one per column.</summary>
    private sealed class Expand : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(AmountQueries))
            {
                return base.VisitMethodCall(node);
            }

            var args = node.Arguments.Select(a => Visit(BookedAmounts.Unwrap(a))).ToList();
            return node.Method.Name switch
            {
                nameof(FundTotal) => BookedAmounts.FundColumns.Select(c => Column(args[0], c)).Aggregate(Expression.Add),
                nameof(Net) => BookedAmounts.AllColumns.Select(c => Column(args[0], c)).Aggregate(Expression.Add),
                nameof(AnyAmount) => BookedAmounts.AllColumns.Select(c => Apply(args[1], Column(args[0], c))).Aggregate(Expression.OrElse),
                nameof(SameAmounts) => BookedAmounts.AllColumns.Select(c => Expression.Equal(Column(args[0], c), Column(args[1], c))).Aggregate(Expression.AndAlso),
                nameof(AnyAmountSum) => BookedAmounts.AllColumns.Select(c => Apply(args[1], BookedAmounts.Sum(args[0], node.Method.GetGenericArguments()[0], typeof(long), c, e => e))).Aggregate(Expression.OrElse),
                _ => throw new NotSupportedException($"{node.Method.Name} has no expansion for a query."),
            };
        }

        private static Expression Column(Expression row, string column) => Expression.Property(row, column);

        // test's body with its parameter replaced by the value
        private static Expression Apply(Expression test, Expression value)
        {
            var lambda = (LambdaExpression)test;
            return new BookedAmounts.Replace(lambda.Parameters[0], value).Visit(lambda.Body);
        }
    }
}
