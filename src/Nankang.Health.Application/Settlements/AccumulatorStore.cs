using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements;

/// <summary>Maps the stored member-year projection to and from the core's <see cref="Accumulators"/>.</summary>
public static class AccumulatorStore
{
    public static Accumulators ToValue(AccumulatorRow? row) => row is null ? Accumulators.Empty : new(
        row.ClaimCount, new(row.BasicPaid), new(row.SeriousIllnessBase), new(row.SeriousIllnessPaid), new(row.SupplementaryPaid),
        new(row.AssistancePaid), new(row.SelfPayAfterTopUp), new(row.HighCostReliefPaid));

    public static void Write(AccumulatorRow row, Accumulators a, DateTime now)
    {
        row.ClaimCount = a.ClaimCount;
        row.BasicPaid = a.BasicPaid.Fen;
        row.SeriousIllnessBase = a.SeriousIllnessBase.Fen;
        row.SeriousIllnessPaid = a.SeriousIllnessPaid.Fen;
        row.SupplementaryPaid = a.SupplementaryPaid.Fen;
        row.AssistancePaid = a.AssistancePaid.Fen;
        row.SelfPayAfterTopUp = a.SelfPayAfterTopUp.Fen;
        row.HighCostReliefPaid = a.HighCostReliefPaid.Fen;
        row.UpdatedAt = now;
    }
}
