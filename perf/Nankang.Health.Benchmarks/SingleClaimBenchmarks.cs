using BenchmarkDotNet.Attributes;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Benchmarks;

/// <summary>One 12-line claim settled on top of a prior claim's accumulators: the engine against the decimal baseline.</summary>
[MemoryDiagnoser]
public class SingleClaimBenchmarks
{
    private Claim _claim = null!;
    private SettlementPolicy _policy = null!;
    private Accumulators _acc;
    private DecimalBaseline _baseline = null!;
    private DecimalClaim _decimalClaim = null!;
    private DecimalTotals _decimalAcc;

    [GlobalSetup]
    public void Setup()
    {
        _policy = BenchmarkData.Policy;
        _claim = BenchmarkData.TwelveLineClaim();
        _acc = SettlementEngine.Settle(BenchmarkData.PriorClaim(), _policy, Accumulators.Empty).After;
        _baseline = new DecimalBaseline(_policy);
        _decimalClaim = DecimalBaseline.Convert(_claim);
        _decimalAcc = DecimalTotals.Of(_acc);

        var engine = SettlementEngine.Settle(_claim, _policy, _acc);
        _baseline.Settle(_decimalClaim, _decimalAcc).AssertAgrees(engine, "12-line claim");
    }

    [Benchmark(Description = "Engine: settle one 12-line claim")]
    public SettlementResult EngineSettle() => SettlementEngine.Settle(_claim, _policy, _acc);

    [Benchmark(Baseline = true, Description = "Decimal baseline: same claim")]
    public DecimalSettlement DecimalSettle() => _baseline.Settle(_decimalClaim, _decimalAcc);
}
