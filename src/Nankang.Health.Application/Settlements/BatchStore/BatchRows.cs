using Nankang.Health.Application.Data;

namespace Nankang.Health.Application.Settlements.BatchStore;

/// <summary>What a batch writes (<see cref="ISettlementBatchStore.WriteAsync"/>), table by table.</summary>
public sealed class BatchRows
{
    public List<AdmissionRow> Admissions { get; } = [];

    public List<SettlementRow> Settlements { get; } = [];

    public List<LedgerEntryRow> LedgerEntries { get; } = [];

    public HashSet<AccumulatorRow> NewAccumulators { get; } = new(ReferenceEqualityComparer.Instance);

    public HashSet<AccumulatorRow> ChangedAccumulators { get; } = new(ReferenceEqualityComparer.Instance);

    public List<IdempotencyRow> IdempotencyKeys { get; } = [];

    public List<AuditRow> Audit { get; } = [];
}
