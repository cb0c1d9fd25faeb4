using System.Linq.Expressions;
using System.Reflection;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Data;

/// <summary>
/// A row that stores the money of a booking (<see cref="NetAmounts"/>) as one column per fund, named as the
/// <see cref="Fund"/> member, and <c>PatientPays</c>. Settlements and ledger entries are such rows.
/// </summary>
public interface IBookedAmounts
{
    long BasicInsurance { get; set; }

    long SeriousIllnessInsurance { get; set; }

    long SupplementaryInsurance { get; set; }

    long MedicalAssistance { get; set; }

    long SpecialReliefTopUp { get; set; }

    long SpecialReliefHighCost { get; set; }

    long PatientPays { get; set; }
}

/// <summary>The amount columns of a group of rows summed, with the group's key.</summary>
public sealed class SummedAmounts : IBookedAmounts
{
    public required string Key { get; set; }

    public long BasicInsurance { get; set; }

    public long SeriousIllnessInsurance { get; set; }

    public long SupplementaryInsurance { get; set; }

    public long MedicalAssistance { get; set; }

    public long SpecialReliefTopUp { get; set; }

    public long SpecialReliefHighCost { get; set; }

    public long PatientPays { get; set; }
}

/// <summary>A group's sums of the fund columns (in <see cref="Funds.All"/> order), the patient's part, and per fund the count of non-zero rows.</summary>
public sealed record FundSums<TKey>(TKey Key, long[] Funds, long PatientPays, int[] NonZero)
{
    public FundPayments Payments => FundPayments.Of(f => new Money(Funds[(int)f]));
}

/// <summary>Reads and writes <see cref="NetAmounts"/> on rows, and builds the per-fund SQL sums from the fund list.</summary>
public static class BookedAmounts
{
    /// <summary>The column of each fund, in <see cref="Funds.All"/> order.</summary>
    public static readonly IReadOnlyList<string> FundColumns = [.. Funds.All.Select(f => f.ToString())];

    public static NetAmounts Amounts(this IBookedAmounts row) => new(
        FundPayments.Of(f => new Money(row.Fund(f))), new Money(row.PatientPays));

    public static void SetAmounts(this IBookedAmounts row, in NetAmounts amounts)
    {
        row.BasicInsurance = amounts.Payments.BasicInsurance.Fen;
        row.SeriousIllnessInsurance = amounts.Payments.SeriousIllnessInsurance.Fen;
        row.SupplementaryInsurance = amounts.Payments.SupplementaryInsurance.Fen;
        row.MedicalAssistance = amounts.Payments.MedicalAssistance.Fen;
        row.SpecialReliefTopUp = amounts.Payments.SpecialReliefTopUp.Fen;
        row.SpecialReliefHighCost = amounts.Payments.SpecialReliefHighCost.Fen;
        row.PatientPays = amounts.PatientPays.Fen;
    }

    private static long Fund(this IBookedAmounts row, Fund fund) => fund switch
    {
        Settlement.Fund.BasicInsurance => row.BasicInsurance,
        Settlement.Fund.SeriousIllnessInsurance => row.SeriousIllnessInsurance,
        Settlement.Fund.SupplementaryInsurance => row.SupplementaryInsurance,
        Settlement.Fund.MedicalAssistance => row.MedicalAssistance,
        Settlement.Fund.SpecialReliefTopUp => row.SpecialReliefTopUp,
        Settlement.Fund.SpecialReliefHighCost => row.SpecialReliefHighCost,
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, null),
    };

    /// <summary>
    /// Each group's <see cref="FundSums{TKey}"/>, summed by the database. Only the columns asked for are read, so a query
    /// over a covering index (the month statement's) stays on the index.
    /// </summary>
    public static IQueryable<FundSums<TKey>> SumAmounts<TKey, TRow>(this IQueryable<IGrouping<TKey, TRow>> groups, bool patientPays = false, bool nonZero = false)
        where TRow : IBookedAmounts => groups.Select(Sums<TKey, TRow>(patientPays, nonZero));

    private static Expression<Func<IGrouping<TKey, TRow>, FundSums<TKey>>> Sums<TKey, TRow>(bool patientPays, bool nonZero)
        where TRow : IBookedAmounts
    {
        var g = Expression.Parameter(typeof(IGrouping<TKey, TRow>), "g");
        var funds = FundColumns.Select(c => Sum<TRow, long>(g, c, e => e)).ToArray();
        var counts = nonZero
            ? FundColumns.Select(c => Sum<TRow, int>(g, c, e => Expression.Condition(Expression.NotEqual(e, Expression.Constant(0L)), Expression.Constant(1), Expression.Constant(0)))).ToArray()
            : [];
        var patient = patientPays ? Sum<TRow, long>(g, nameof(IBookedAmounts.PatientPays), e => e) : Expression.Constant(0L);
        var ctor = typeof(FundSums<TKey>).GetConstructor([typeof(TKey), typeof(long[]), typeof(long), typeof(int[])])!;
        var body = Expression.New(
            ctor, Expression.Property(g, nameof(IGrouping<TKey, TRow>.Key)), Expression.NewArrayInit(typeof(long), funds), patient,
            Expression.NewArrayInit(typeof(int), counts));
        return Expression.Lambda<Func<IGrouping<TKey, TRow>, FundSums<TKey>>>(body, g);
    }

    /// <summary>
    /// <paramref name="shape"/> with its second parameter replaced by the row's fund total (Σ of the fund columns), for a
    /// projection that the database computes.
    /// </summary>
    public static Expression<Func<TRow, TOut>> WithFundTotal<TRow, TOut>(Expression<Func<TRow, long, TOut>> shape)
        where TRow : IBookedAmounts
    {
        var row = shape.Parameters[0];
        var total = FundColumns.Select(c => (Expression)Expression.Property(row, c)).Aggregate(Expression.Add);
        return Expression.Lambda<Func<TRow, TOut>>(new Replace(shape.Parameters[1], total).Visit(shape.Body), row);
    }

    /// <summary>
    /// Each group's amount columns summed by the database, keyed by the group's key: a row that a query can join on
    /// (<see cref="SelectWithNet"/>).
    /// </summary>
    public static IQueryable<SummedAmounts> SumColumns<TRow>(this IQueryable<IGrouping<string, TRow>> groups)
        where TRow : IBookedAmounts
    {
        var g = Expression.Parameter(typeof(IGrouping<string, TRow>), "g");
        var bindings = AllColumns.Select(c => (MemberBinding)Expression.Bind(typeof(SummedAmounts).GetProperty(c)!, Sum<TRow, long>(g, c, e => e)))
            .Prepend(Expression.Bind(typeof(SummedAmounts).GetProperty(nameof(SummedAmounts.Key))!, Expression.Property(g, nameof(IGrouping<string, TRow>.Key))));
        return groups.Select(Expression.Lambda<Func<IGrouping<string, TRow>, SummedAmounts>>(
            Expression.MemberInit(Expression.New(typeof(SummedAmounts)), bindings), g));
    }

    /// <summary>
    /// <paramref name="shape"/> with its second parameter replaced by the net amount columns (funds in <see cref="Funds.All"/>
    /// order, then the patient's part): each of <paramref name="booked"/> plus that of <paramref name="added"/>, zero when
    /// <paramref name="added"/> is missing (a left join), computed by the database.
    /// </summary>
    public static IQueryable<TOut> SelectWithNet<TSource, TOut>(
        this IQueryable<TSource> source, Expression<Func<TSource, long[], TOut>> shape, Expression<Func<TSource, IBookedAmounts>> booked,
        Expression<Func<TSource, IBookedAmounts?>> added)
    {
        var x = shape.Parameters[0];
        var left = Unwrap(new Replace(booked.Parameters[0], x).Visit(booked.Body));
        var right = Unwrap(new Replace(added.Parameters[0], x).Visit(added.Body));
        // booked.column + (added.column ?? 0), per column.
        var net = AllColumns.Select(c => (Expression)Expression.Add(
            Expression.Property(left, c),
            Expression.Coalesce(Expression.Convert(Expression.Property(right, c), typeof(long?)), Expression.Constant(0L))));
        var body = new Replace(shape.Parameters[1], Expression.NewArrayInit(typeof(long), net)).Visit(shape.Body);
        return source.Select(Expression.Lambda<Func<TSource, TOut>>(body, x));
    }

    /// <summary>Every amount column: the funds in <see cref="Funds.All"/> order, then the patient's part.</summary>
    internal static readonly IReadOnlyList<string> AllColumns = [.. FundColumns, nameof(IBookedAmounts.PatientPays)];

    /// <summary>The row under a conversion to <see cref="IBookedAmounts"/> the compiler put around it.</summary>
    internal static Expression Unwrap(Expression e) => e is UnaryExpression { NodeType: ExpressionType.Convert } u ? u.Operand : e;

    private static readonly MethodInfo SumLong = SumOf<long>();
    private static readonly MethodInfo SumInt = SumOf<int>();

    private static MethodInfo SumOf<T>() => typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Sum) && m.IsGenericMethodDefinition && m.GetParameters() is [_, var selector]
            && selector.ParameterType.GetGenericArguments()[1] == typeof(T));

    private static Expression Sum<TRow, T>(ParameterExpression g, string column, Func<Expression, Expression> value) =>
        Sum(g, typeof(TRow), typeof(T), column, value);

    // rows.Sum(e => value(e.column)), of long or int
    internal static Expression Sum(Expression rows, Type rowType, Type valueType, string column, Func<Expression, Expression> value)
    {
        var e = Expression.Parameter(rowType, "e");
        var selector = Expression.Lambda(typeof(Func<,>).MakeGenericType(rowType, valueType), value(Expression.Property(e, column)), e);
        var sum = (valueType == typeof(long) ? SumLong : SumInt).MakeGenericMethod(rowType);
        return Expression.Call(sum, rows, selector);
    }

    /// <summary>Replaces one parameter of an expression by another expression.</summary>
    internal sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
