namespace Nankang.Health.Persistence.Configurations;

/// <summary>Column sizes shared by the entity configurations.</summary>
internal static class ColumnSizes
{
    /// <summary>An id: member, hospital, visit number, settlement, key id, policy version.</summary>
    public const int Id = 64;

    /// <summary>A month as <c>YYYY-MM</c>.</summary>
    public const int Month = 7;
}
