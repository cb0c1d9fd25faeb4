namespace Nankang.Health.Settlement;

/// <summary>The one rounding rule of the engine: half away from zero (四舍五入).</summary>
internal static class Rounding
{
    private const long SafeFactor = 3_037_000_499; // √long.MaxValue: below it a product of two such values fits in a long.

    /// <summary><c>round(value × numerator / denominator)</c>, half away from zero; exact for every long input.</summary>
    public static long MultiplyDivide(long value, long numerator, long denominator)
    {
        if (value is > -SafeFactor and < SafeFactor && numerator is > -SafeFactor and < SafeFactor)
        {
            return Divide(value * numerator, denominator);
        }

        return Divide((Int128)value * numerator, denominator);
    }

    /// <summary><c>round(numerator / denominator)</c>, half away from zero, for a positive denominator.</summary>
    public static long Divide(long numerator, long denominator)
    {
        var quotient = Math.DivRem(numerator, denominator, out var remainder);
        if (Math.Abs(remainder) * 2 >= denominator)
        {
            quotient += numerator < 0 ? -1 : 1;
        }

        return quotient;
    }

    /// <inheritdoc cref="Divide(long, long)"/>
    public static long Divide(Int128 numerator, long denominator)
    {
        if (numerator >= long.MinValue && numerator <= long.MaxValue)
        {
            return Divide((long)numerator, denominator);
        }

        var quotient = Int128.DivRem(numerator, denominator);
        var result = quotient.Quotient;
        if (Int128.Abs(quotient.Remainder) * 2 >= denominator)
        {
            result += numerator < 0 ? -1 : 1;
        }

        return checked((long)result);
    }
}
