namespace Nankang.Health.Settlement.Tests;

public sealed class RateTests
{
    [Theory]
    [InlineData("0.65", 6_500)]
    [InlineData("0.1", 1_000)]
    [InlineData("0.0001", 1)]
    [InlineData("0.1234", 1_234)]
    [InlineData("0", 0)]
    [InlineData("1", 10_000)]
    [InlineData("1.0", 10_000)]
    [InlineData("1.0000", 10_000)]
    public void Parse_FractionWithAtMostFourDecimals_IsBasisPoints(string text, int basisPoints)
    {
        Assert.True(Rate.TryParse(text, out var rate));
        Assert.Equal(basisPoints, rate.BasisPoints);
        Assert.Equal(rate, Rate.Parse(text));
    }

    [Theory]
    [InlineData("1.0001")] // 10,001 bp: above 100%
    [InlineData("1.01")]
    [InlineData("2")]
    [InlineData("-0.0001")]
    [InlineData("-0.1")]
    [InlineData("0.00001")] // five decimals
    [InlineData("0.12345")]
    [InlineData("1.00000")]
    [InlineData("")]
    [InlineData("65%")]
    [InlineData(".5")]
    [InlineData("1e-1")]
    [InlineData("922337203685477.5807")] // long.MaxValue basis points
    [InlineData("922337203685477.9999")] // beyond the range of basis points in a long
    public void Parse_AboveOneOrNegativeOrTooPrecise_IsRejected(string text)
    {
        Assert.False(Rate.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Rate.Parse(text));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void FromBasisPoints_OutsideZeroToFull_Throws(int basisPoints) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Rate.FromBasisPoints(basisPoints));

    [Theory]
    [InlineData(6_500, 1_000, 5_500)]
    [InlineData(6_500, 2_000, 4_500)]
    [InlineData(1_000, 1_000, 0)]
    [InlineData(1_500, 2_000, 0)] // never below zero
    public void Minus_LowersByBasisPointsButNeverBelowZero(int start, int cut, int expected) =>
        Assert.Equal(expected, Rate.FromBasisPoints(start).Minus(cut).BasisPoints);

    [Theory]
    [InlineData(8_000, "80%")]
    [InlineData(1_250, "12.5%")]
    [InlineData(1, "0.01%")]
    [InlineData(0, "0%")]
    [InlineData(10_000, "100%")]
    public void ToString_IsPercentText(int basisPoints, string text) => Assert.Equal(text, Rate.FromBasisPoints(basisPoints).ToString());

    [Fact]
    public void ToDecimal_IsTheFraction() => Assert.Equal(0.6543m, Rate.FromBasisPoints(6_543).ToDecimal());
}
