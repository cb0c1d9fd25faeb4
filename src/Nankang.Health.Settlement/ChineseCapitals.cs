using System.Text;

namespace Nankang.Health.Settlement;

/// <summary>Amounts in Chinese capitals (大写金额) for printed slips, from integer fen.</summary>
/// <remarks>
/// Follows the People's Bank of China rules for financial instruments (《正确填写票据和结算凭证的基本规定》) with the
/// district's choices where they allow two forms: one 零 for every run of zero digits that stands between two non-zero
/// digits (across 万 and 亿, and between 元 and 角/分), never at the start or the end; 整 only directly after 元; an
/// amount under one yuan starts at its first non-zero unit; zero is 零元整. 拾 keeps its 壹 (壹拾万元整). Integer
/// arithmetic only. The caller writes 人民币 before the result.
/// </remarks>
public static class ChineseCapitals
{
    /// <summary>The largest amount written: 999,999,999,999.99 yuan (below 万亿, which the slips never reach).</summary>
    public static readonly Money Max = new(99_999_999_999_999);

    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private const string SmallUnits = "\0拾佰仟";

    /// <summary>
    /// <c>1,004.05</c> → 壹仟零肆元零伍分; <c>309,825.00</c> → 叁拾万零玖仟捌佰贰拾伍元整; <c>0.30</c> → 叁角;
    /// <c>0.00</c> → 零元整.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or above <see cref="Max"/>.</exception>
    public static string Of(Money amount)
    {
        if (amount.IsNegative || amount > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Capitals are written for 0 to 999,999,999,999.99 yuan.");
        }

        if (amount.IsZero)
        {
            return "零元整";
        }

        var yuan = amount.Fen / 100;
        var jiao = (int)(amount.Fen / 10 % 10);
        var fen = (int)(amount.Fen % 10);
        var text = new StringBuilder(32);
        var started = false;
        var zeroPending = false;

        // Integer part, from the highest digit: position p is 10^p yuan; 万 closes positions 4-7, 亿 positions 8-11.
        for (var p = 11; p >= 0; p--)
        {
            var digit = (int)(yuan / Pow10(p) % 10);
            Digit(digit, p % 4 == 0 ? null : SmallUnits[p % 4]);
            if (p is 4 or 8 && yuan / Pow10(p) % 10_000 != 0)
            {
                text.Append(p == 4 ? '万' : '亿');
            }
        }

        if (yuan > 0)
        {
            text.Append('元');
        }

        Digit(jiao, '角');
        Digit(fen, '分');
        if (jiao == 0 && fen == 0)
        {
            text.Append('整');
        }

        return text.ToString();

        void Digit(int digit, char? unit)
        {
            if (digit == 0)
            {
                // A zero counts only once something non-zero was written; it is written only if a non-zero digit follows.
                zeroPending |= started;
                return;
            }

            if (zeroPending)
            {
                text.Append('零');
                zeroPending = false;
            }

            text.Append(Digits[digit]);
            if (unit is { } u)
            {
                text.Append(u);
            }

            started = true;
        }
    }

    private static long Pow10(int p)
    {
        var value = 1L;
        for (var i = 0; i < p; i++)
        {
            value *= 10;
        }

        return value;
    }
}
