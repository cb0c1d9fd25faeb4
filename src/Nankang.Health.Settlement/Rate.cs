using System.Globalization;

namespace Nankang.Health.Settlement;

/// <summary>A rate between 0 and 100% held in basis points (1 bp = 0.01%).</summary>
/// <remarks>Rates in policy files and requests are fractions with at most four decimals (<c>0.65</c> = 6,500 bp).</remarks>
public readonly record struct Rate
{
    public const int BasisPointsPerUnit = 10_000;

    public static readonly Rate Zero;

    public static readonly Rate Full = new(BasisPointsPerUnit);

    private Rate(int basisPoints) => BasisPoints = basisPoints;

    public int BasisPoints { get; }

    public static Rate FromBasisPoints(int basisPoints) =>
        basisPoints is >= 0 and <= BasisPointsPerUnit
            ? new Rate(basisPoints)
            : throw new ArgumentOutOfRangeException(nameof(basisPoints), basisPoints, "A rate must lie between 0 and 100%.");

    /// <summary>This rate lowered by <paramref name="basisPoints"/>, never below zero.</summary>
    public Rate Minus(int basisPoints) => new(Math.Max(0, BasisPoints - basisPoints));

    /// <summary>Parses a fraction between 0 and 1 with at most four decimals.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Rate rate)
    {
        rate = Zero;
        if (!DecimalText.TryParseScaled(text, 4, out var bp) || bp is < 0 or > BasisPointsPerUnit)
        {
            return false;
        }

        rate = new Rate((int)bp);
        return true;
    }

    public static Rate Parse(string text) =>
        TryParse(text, out var rate)
            ? rate
            : throw new FormatException($"'{text}' is not a rate between 0 and 1 with at most four decimals.");

    /// <summary>The rate as a fraction (<c>0.65</c>), for serialisation only.</summary>
    public decimal ToDecimal() => BasisPoints / 10_000m;

    /// <summary>Percent text: <c>80%</c>, <c>12.5%</c>.</summary>
    public override string ToString() =>
        (BasisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
