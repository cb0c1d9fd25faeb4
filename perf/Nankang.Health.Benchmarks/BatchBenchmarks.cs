using BenchmarkDotNet.Attributes;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Benchmarks;

/// <summary>
/// 1,000,000 generated claims in member-year order, each settled on the accumulators of the member's earlier claims.
/// One operation is one claim (<c>OperationsPerInvoke</c>), so Mean is the time per claim and Op/s is claims per second.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    public const int ClaimCount = 1_000_000;

    private Claim[] _claims = null!;
    private bool[] _newMemberYear = null!;
    private SettlementPolicy _policy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _policy = BenchmarkData.Policy;
        (_claims, _newMemberYear) = BenchmarkData.Batch(ClaimCount);

        // The batch is checked claim by claim against the decimal baseline before it is timed.
        var baseline = new DecimalBaseline(_policy);
        Accumulators acc = default;
        DecimalTotals decimalAcc = default;
        for (var i = 0; i < _claims.Length; i++)
        {
            if (_newMemberYear[i])
            {
                (acc, decimalAcc) = (default, default);
            }

            var engine = SettlementEngine.Settle(_claims[i], _policy, acc);
            var decimalResult = baseline.Settle(DecimalBaseline.Convert(_claims[i]), decimalAcc);
            decimalResult.AssertAgrees(engine, $"batch claim {i}");
            (acc, decimalAcc) = (engine.After, decimalResult.After);
        }
    }

    /// <summary>Settles the whole batch; returns the sum of what patients pay so that nothing is optimised away.</summary>
    [Benchmark(OperationsPerInvoke = ClaimCount, Description = "Batch: 1,000,000 claims (per claim)")]
    public long SettleBatch()
    {
        Accumulators acc = default;
        long patientPays = 0;
        var claims = _claims;
        var newMemberYear = _newMemberYear;
        for (var i = 0; i < claims.Length; i++)
        {
            if (newMemberYear[i])
            {
                acc = default;
            }

            var result = SettlementEngine.Settle(claims[i], _policy, acc);
            acc = result.After;
            patientPays += result.PatientPays.Fen;
        }

        return patientPays;
    }
}
