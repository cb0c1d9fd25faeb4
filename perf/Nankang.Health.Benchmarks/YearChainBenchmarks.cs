using BenchmarkDotNet.Attributes;
using Nankang.Health.Settlement;

namespace Nankang.Health.Benchmarks;

/// <summary>A member's year of five claims settled in booking order (<see cref="YearChain.Settle"/>).</summary>
[MemoryDiagnoser]
public class YearChainBenchmarks
{
    private ChainEntry[] _entries = null!;

    [GlobalSetup]
    public void Setup() => _entries = BenchmarkData.YearOfFive();

    [Benchmark(Description = "YearChain.Settle: 5 claims")]
    public IReadOnlyList<SettlementResult> SettleYear() => YearChain.Settle(_entries);
}
