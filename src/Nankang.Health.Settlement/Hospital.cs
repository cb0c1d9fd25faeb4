namespace Nankang.Health.Settlement;

/// <summary>Where a hospital lies relative to Nankang district.</summary>
public enum Region
{
    /// <summary>南康区内.</summary>
    InDistrict,

    /// <summary>赣州市内.</summary>
    InCity,

    /// <summary>江西省内.</summary>
    InProvince,

    /// <summary>省外.</summary>
    OutOfProvince,
}

/// <summary>The hospital attributes the rules read: level 1–3, region and whether it is designated (定点).</summary>
public readonly record struct HospitalProfile(int Level, Region Region, bool Designated)
{
    public const int MinLevel = 1;
    public const int MaxLevel = 3;

    public static bool IsValidLevel(int level) => level is >= MinLevel and <= MaxLevel;
}
