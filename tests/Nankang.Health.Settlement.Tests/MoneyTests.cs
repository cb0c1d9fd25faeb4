namespace Nankang.Health.Settlement.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("15000", 1_500_000)]
    [InlineData("1234.5", 123_450)]
    [InlineData("1234.56", 123_456)]
    [InlineData("0.01", 1)]
    [InlineData("0", 0)]
    [InlineData("-3.05", -305)]
    [InlineData("-0.01", -1)]
    [InlineData("007.10", 710)]
    [InlineData("100000000.00", 10_000_000_000)]
    public void Parse_AtMostTwoDecimals_IsExactFen(string text, long fen)
    {
        Assert.True(Money.TryParse(text, out var money));
        Assert.Equal(fen, money.Fen);
        Assert.Equal(new Money(fen), Money.Parse(text));
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("1.005")]
    [InlineData("1.000")]
    [InlineData("-0.005")]
    public void Parse_MoreThanTwoDecimals_IsRejected(string text)
    {
        Assert.False(Money.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Money.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("--1")]
    [InlineData("1.2.3")]
    [InlineData("１")]
    public void Parse_NotAPlainDecimal_IsRejected(string text) => Assert.False(Money.TryParse(text, out _));

    [Fact]
    public void Parse_LargestFenCount_IsExact()
    {
        // long.MaxValue = 9,223,372,036,854,775,807 fen = 92,233,720,368,547,758.07 yuan.
        Assert.True(Money.TryParse("92233720368547758.07", out var money));
        Assert.Equal(long.MaxValue, money.Fen);
    }

    [Theory]
    [InlineData("92233720368547758.08")] // one fen above long.MaxValue
    [InlineData("92233720368547759")] // 9,223,372,036,854,775,900 fen
    [InlineData("99999999999999999.99")]
    [InlineData("-92233720368547758.08")] // long.MinValue itself is not produced by the parser: its magnitude does not fit
    [InlineData("123456789012345678901234567890")]
    public void TryParse_BeyondTheRangeOfFen_ReturnsFalseInsteadOfThrowing(string text) =>
        Assert.False(Money.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(5, "0.05")]
    [InlineData(-5, "-0.05")]
    [InlineData(123_450, "1234.50")]
    [InlineData(-123_456, "-1234.56")]
    [InlineData(10_000_000_000, "100000000.00")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    [InlineData(long.MinValue, "-92233720368547758.08")]
    public void ToString_AlwaysTwoDecimalsInvariant(long fen, string text) => Assert.Equal(text, new Money(fen).ToString());

    [Theory]
    [InlineData(-99_999)]
    [InlineData(-1)]
    [InlineData(7)]
    [InlineData(1_000_000_000_099)]
    [InlineData(long.MaxValue)]
    public void ToString_ThenParse_RoundTrips(long fen) => Assert.Equal(new Money(fen), Money.Parse(new Money(fen).ToString()));

    [Theory]
    // Half a fen goes away from zero: 0.05 × 10% = 0.005 yuan = 0.5 fen → 1 fen.
    [InlineData(5, 1_000, 1)]
    [InlineData(-5, 1_000, -1)]
    // Just below half: 0.04 × 10% = 0.4 fen → 0; just above: 0.06 × 10% = 0.6 fen → 1.
    [InlineData(4, 1_000, 0)]
    [InlineData(6, 1_000, 1)]
    [InlineData(-4, 1_000, 0)]
    [InlineData(-6, 1_000, -1)]
    // 0.15 × 10% = 1.5 fen → 2 (not to even); −0.15 → −2.
    [InlineData(15, 1_000, 2)]
    [InlineData(-15, 1_000, -2)]
    // 0.25 × 10% = 2.5 fen → 3 (banker's rounding would give 2).
    [InlineData(25, 1_000, 3)]
    // One basis point: 50.00 × 0.01% = 0.5 fen → 1; 49.99 × 0.01% = 0.4999 fen → 0.
    [InlineData(5_000, 1, 1)]
    [InlineData(4_999, 1, 0)]
    [InlineData(-5_000, 1, -1)]
    [InlineData(-4_999, 1, 0)]
    // 1 fen × 50% = 0.5 fen → 1; −1 fen × 50% → −1.
    [InlineData(1, 5_000, 1)]
    [InlineData(-1, 5_000, -1)]
    // Exact products are untouched: 100.00 × 65% = 65.00.
    [InlineData(10_000, 6_500, 6_500)]
    [InlineData(123, 0, 0)]
    [InlineData(123, 10_000, 123)]
    public void Percent_RoundsHalfAwayFromZeroToTheFen(long fen, int basisPoints, long expected) =>
        Assert.Equal(expected, new Money(fen).Percent(Rate.FromBasisPoints(basisPoints)).Fen);

    [Fact]
    public void Percent_MaximumClaimTotal_DoesNotOverflow()
    {
        // 10,000 lines × 100,000,000.00 = 1,000,000,000,000.00 yuan = 10^14 fen; × 65% = 6.5 × 10^13 fen.
        var total = new Money(Money.MaxInput.Fen * Claim.MaxFeeLines);
        Assert.Equal(65_000_000_000_000, total.Percent(Rate.Parse("0.65")).Fen);
    }

    [Fact]
    public void Percent_ExtremeAmounts_UsesWideArithmetic()
    {
        // long.MaxValue × 50% = 4,611,686,018,427,387,903.5 fen → …904 (half away from zero).
        Assert.Equal(4_611_686_018_427_387_904, new Money(long.MaxValue).Percent(Rate.FromBasisPoints(5_000)).Fen);
        Assert.Equal(-4_611_686_018_427_387_904, new Money(-long.MaxValue).Percent(Rate.FromBasisPoints(5_000)).Fen);
        Assert.Equal(long.MaxValue, new Money(long.MaxValue).Percent(Rate.Full).Fen);
        // long.MinValue × 50% = −4,611,686,018,427,387,904 exactly.
        Assert.Equal(long.MinValue / 2, new Money(long.MinValue).Percent(Rate.FromBasisPoints(5_000)).Fen);
    }

    [Fact]
    public void Arithmetic_Overflow_Throws()
    {
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue) + new Money(1));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue) - new Money(1));
        Assert.Throws<OverflowException>(() => -new Money(long.MinValue));
        Assert.Throws<OverflowException>(() => Money.FromYuan(long.MaxValue / 100 + 1));
    }

    [Fact]
    public void FromYuan_IsHundredFen() => Assert.Equal(new Money(15_000_00), Money.FromYuan(15_000));

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public void PositivePart_ClampsNegativeToZero(long fen, long expected) => Assert.Equal(new Money(expected), new Money(fen).PositivePart);

    [Fact]
    public void MinMaxAndComparison_OrderByFen()
    {
        var small = new Money(-2);
        var large = new Money(3);
        Assert.Equal(small, Money.Min(small, large));
        Assert.Equal(large, Money.Max(small, large));
        Assert.True(small < large && large > small && small <= new Money(-2) && large >= new Money(3));
        Assert.True(small.CompareTo(large) < 0);
        Assert.True(small.IsNegative);
        Assert.True(Money.Zero.IsZero);
    }

    [Fact]
    public void ToDecimal_IsYuan() => Assert.Equal(-1234.56m, new Money(-123_456).ToDecimal());
}
