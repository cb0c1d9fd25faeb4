using System.Globalization;

namespace Nankang.Health.Settlement;

/// <summary>An exact amount of Chinese yuan held as a whole number of fen (0.01 yuan).</summary>
/// <remarks>
/// Units: one <see cref="Fen"/> is 0.01 yuan. Arithmetic is checked: an overflow throws rather than wraps.
/// Rounding happens in exactly one place, <see cref="Percent"/>, half away from zero to the fen (四舍五入).
/// </remarks>
public readonly record struct Money(long Fen) : IComparable<Money>
{
    /// <summary>The largest amount accepted on input: 100,000,000.00 yuan.</summary>
    public static readonly Money MaxInput = new(10_000_000_000);

    public static readonly Money Zero;

    public static Money FromYuan(long yuan) => new(checked(yuan * 100));

    public bool IsNegative => Fen < 0;

    public bool IsZero => Fen == 0;

    /// <summary>This amount, or zero when it is negative (the rules' <c>(x)⁺</c>).</summary>
    public Money PositivePart => Fen > 0 ? this : Zero;

    /// <summary>This amount times <paramref name="rate"/>, rounded half away from zero to the fen.</summary>
    public Money Percent(Rate rate) => new(Rounding.MultiplyDivide(Fen, rate.BasisPoints, Rate.BasisPointsPerUnit));

    public static Money Min(Money a, Money b) => a.Fen <= b.Fen ? a : b;

    public static Money Max(Money a, Money b) => a.Fen >= b.Fen ? a : b;

    public static Money operator +(Money a, Money b) => new(checked(a.Fen + b.Fen));

    public static Money operator -(Money a, Money b) => new(checked(a.Fen - b.Fen));

    public static Money operator -(Money a) => new(checked(-a.Fen));

    public static bool operator <(Money a, Money b) => a.Fen < b.Fen;

    public static bool operator >(Money a, Money b) => a.Fen > b.Fen;

    public static bool operator <=(Money a, Money b) => a.Fen <= b.Fen;

    public static bool operator >=(Money a, Money b) => a.Fen >= b.Fen;

    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);

    /// <summary>The yuan value as a decimal, for serialisation only; never used in the arithmetic.</summary>
    public decimal ToDecimal() => Fen / 100m;

    /// <summary>Invariant text with exactly two decimals, e.g. <c>1234.50</c> or <c>-0.05</c>.</summary>
    public override string ToString()
    {
        var sign = Fen < 0 ? "-" : string.Empty;
        var abs = Fen < 0 ? -(Int128)Fen : Fen;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs / 100}.{(int)(abs % 100):00}");
    }

    /// <summary>Parses a yuan amount with at most two decimals (<c>15000</c>, <c>1234.5</c>, <c>-3.05</c>) exactly.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Money money)
    {
        money = Zero;
        if (!DecimalText.TryParseScaled(text, 2, out var fen))
        {
            return false;
        }

        money = new Money(fen);
        return true;
    }

    public static Money Parse(string text) =>
        TryParse(text, out var money)
            ? money
            : throw new FormatException($"'{text}' is not an amount of yuan with at most two decimals.");
}
