namespace Nankang.Health.Settlement;

/// <summary>Exact parsing of decimal text into a scaled integer, without floating point.</summary>
internal static class DecimalText
{
    /// <summary>
    /// Parses <c>[-]digits[.digits]</c> with at most <paramref name="decimals"/> fraction digits into
    /// value × 10^decimals. Rejects exponents, spaces, signs other than a leading minus, and overflow.
    /// </summary>
    public static bool TryParseScaled(ReadOnlySpan<char> text, int decimals, out long scaled)
    {
        scaled = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? ReadOnlySpan<char>.Empty : text[(point + 1)..];
        if (whole.IsEmpty || fraction.Length > decimals || (point >= 0 && fraction.IsEmpty))
        {
            return false;
        }

        // Accumulated in Int128 and bounded after every digit, so text beyond the range of a long is rejected, never overflows.
        Int128 value = 0;
        foreach (var c in whole)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            if (value > long.MaxValue)
            {
                return false;
            }
        }

        long fractionValue = 0;
        foreach (var c in fraction)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            fractionValue = (fractionValue * 10) + (c - '0');
        }

        value = (value * Pow10(decimals)) + (fractionValue * Pow10(decimals - fraction.Length));
        if (value > long.MaxValue)
        {
            return false;
        }

        scaled = negative ? -(long)value : (long)value;
        return true;
    }

    private static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
