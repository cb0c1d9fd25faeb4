namespace Nankang.Health.Settlement;

/// <summary>
/// A member's running totals for one calendar year (the rules' <c>acc</c>), over the year's settlements that
/// are not voided, in booking order. An immutable value: the engine takes one in and gives the next one out.
/// </summary>
public readonly record struct Accumulators(
    int ClaimCount,
    Money BasicPaid,
    Money SeriousIllnessBase,
    Money SeriousIllnessPaid,
    Money SupplementaryPaid,
    Money AssistancePaid,
    Money SelfPayAfterTopUp,
    Money HighCostReliefPaid)
{
    public static readonly Accumulators Empty;
}
