using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements.BatchStore;

/// <summary>A key already used: its body's hash, its settlement and the answer it was given.</summary>
public sealed record BookedKey(string RequestHash, string SettlementId, SettlementView View);

/// <summary>
/// What a batch reads before its booking decision (<see cref="ISettlementBatchStore.ReadAsync"/>): the registry, its keys,
/// visits and member-years. The decision updates it as it books, so each settlement sees those before it in the batch.
/// </summary>
public sealed class BatchSnapshot
{
    public required Dictionary<string, HospitalRow> Hospitals { get; init; }

    /// <summary>Each member of the batch that exists, with its category periods.</summary>
    public required Dictionary<string, List<CategoryPeriod>> Members { get; init; }

    /// <summary>Each member's national-ID lookup hash (<see cref="Common.NationalIdCheck"/>).</summary>
    public required Dictionary<string, string> NationalIdLookups { get; init; }

    public required Dictionary<(string HospitalId, string Key), BookedKey> Booked { get; init; }

    public required Dictionary<(string HospitalId, string VisitNo), AdmissionRow> Admissions { get; init; }

    /// <summary>The active (not voided) settlement of each visit that has one.</summary>
    public required Dictionary<(string HospitalId, string VisitNo), string> Active { get; init; }

    public required Dictionary<(string MemberId, int Year), AccumulatorRow> Accumulators { get; init; }

    /// <summary>For the previews of a hospital caller: the (hospital, member) pairs with an admission.</summary>
    public required HashSet<(string HospitalId, string MemberId)> AdmittedMembers { get; init; }
}
