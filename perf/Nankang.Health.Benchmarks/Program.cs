using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project perf/Nankang.Health.Benchmarks -- --filter '*' [--job short]
// Median and Min are shown beside Mean because the machine's cores are shared: other load inflates the mean first.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.OperationsPerSecond);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
