using CsCheck;
using Nankang.Health.Settlement.Tests.Support;

namespace Nankang.Health.Settlement.Tests;

/// <summary>Amounts in capitals: the issue's examples, one test per rule, and a round trip over random amounts.</summary>
public sealed class ChineseCapitalsTests
{
    [Theory]
    [InlineData(100_405, "壹仟零肆元零伍分")]
    [InlineData(1_000_000, "壹万元整")]
    [InlineData(10_000_000, "壹拾万元整")]
    [InlineData(30_982_500, "叁拾万零玖仟捌佰贰拾伍元整")]
    [InlineData(1_640_902, "壹万陆仟肆佰零玖元零贰分")]
    [InlineData(600_714, "陆仟零柒元壹角肆分")]
    [InlineData(20_000_000_000, "贰亿元整")]
    [InlineData(10_000_000_001, "壹亿元零壹分")]
    [InlineData(5, "伍分")]
    [InlineData(30, "叁角")]
    [InlineData(0, "零元整")]
    public void Of_IssueExamples_AreWrittenAsTheDistrictWritesThem(long fen, string expected) =>
        Assert.Equal(expected, ChineseCapitals.Of(new Money(fen)));

    [Theory]
    [InlineData(1_000_500, "壹万零伍元整")] // 10,005.00: the zeros of 千, 佰 and 拾 make one 零
    [InlineData(10_000_050_000, "壹亿零伍佰元整")] // 100,000,500.00: across an empty 万 group
    [InlineData(10_010_000_000, "壹亿零壹拾万元整")] // 100,100,000.00: across 亿 into the 万 group
    [InlineData(168_032, "壹仟陆佰捌拾元零叁角贰分")] // 1,680.32: 元 is zero, 角 is not → 零 (the PBOC's first form)
    [InlineData(1_050, "壹拾元零伍角")] // 10.50: between 元 and 角
    public void Of_ZerosBetweenNonZeroDigits_AreOneLing(long fen, string expected) =>
        Assert.Equal(expected, ChineseCapitals.Of(new Money(fen)));

    [Theory]
    [InlineData(100_000_000, "壹佰万元整")] // trailing zeros of the integer part: no 零
    [InlineData(120, "壹元贰角")] // a trailing zero 分 writes nothing
    [InlineData(1, "壹分")] // under one yuan: no 零元 and no 零角 before the first non-zero unit
    [InlineData(12, "壹角贰分")]
    public void Of_LeadingAndTrailingZeros_WriteNoLing(long fen, string expected) =>
        Assert.Equal(expected, ChineseCapitals.Of(new Money(fen)));

    [Theory]
    [InlineData(500, "伍元整")]
    [InlineData(550, "伍元伍角")] // no 整 after 角
    [InlineData(555, "伍元伍角伍分")] // nor after 分
    public void Of_Zheng_OnlyDirectlyAfterYuan(long fen, string expected) =>
        Assert.Equal(expected, ChineseCapitals.Of(new Money(fen)));

    [Theory]
    [InlineData(1_000, "壹拾元整")]
    [InlineData(1_200_000, "壹万贰仟元整")]
    [InlineData(99_999_999_999_999, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分")]
    public void Of_Tens_KeepTheirYi_AndTheLargestAmountIsWritten(long fen, string expected) =>
        Assert.Equal(expected, ChineseCapitals.Of(new Money(fen)));

    [Theory]
    [InlineData(-1)]
    [InlineData(100_000_000_000_000)]
    public void Of_NegativeOrAboveMax_Throws(long fen) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseCapitals.Of(new Money(fen)));

    [Fact]
    public void Of_AnyAmountUpTo10To12Fen_ParsesBackToTheSameFen_AndKeepsTheZeroRules() =>
        // Uniform over the range, plus small amounts and round ones, where the zero rules bite.
        Gen.OneOf(Gen.Long[0, 1_000_000_000_000], Gen.Long[0, 100_000], Gen.Long[0, 10_000].Select(n => n * 1_000_000)).Check(fen =>
        {
            var text = ChineseCapitals.Of(new Money(fen));
            Assert.Equal(fen, Parse(text));
            Assert.DoesNotContain("零零", text, StringComparison.Ordinal);
            Assert.True(fen == 0 || !text.StartsWith('零'), text);
            Assert.False(text.EndsWith('零'), text);
            Assert.Equal(fen % 100 == 0, text.EndsWith("元整", StringComparison.Ordinal));
            Assert.True(text.IndexOf('整', StringComparison.Ordinal) is -1 || text.EndsWith("元整", StringComparison.Ordinal), text);
        });

    /// <summary>Reads capitals back to fen, independently of the writer: 亿, 万 and 元 close their sections; 零 and 整 carry no value.</summary>
    private static long Parse(string text)
    {
        long total = 0, belowYi = 0, section = 0, digit = 0;
        foreach (var c in text)
        {
            var d = "零壹贰叁肆伍陆柒捌玖".IndexOf(c, StringComparison.Ordinal);
            switch (c)
            {
                case '零' or '整':
                    break;
                case '拾':
                    section += digit * 10;
                    digit = 0;
                    break;
                case '佰':
                    section += digit * 100;
                    digit = 0;
                    break;
                case '仟':
                    section += digit * 1_000;
                    digit = 0;
                    break;
                case '万':
                    belowYi += (section + digit) * 10_000;
                    section = digit = 0;
                    break;
                case '亿':
                    total += (belowYi + section + digit) * 100_000_000;
                    belowYi = section = digit = 0;
                    break;
                case '元':
                    total = (total + belowYi + section + digit) * 100;
                    belowYi = section = digit = 0;
                    break;
                case '角':
                    total += digit * 10;
                    digit = 0;
                    break;
                case '分':
                    total += digit;
                    digit = 0;
                    break;
                default:
                    Assert.True(d > 0, $"unexpected '{c}' in {text}");
                    digit = d;
                    break;
            }
        }

        Assert.Equal(0, belowYi + section + digit);
        return total;
    }
}
