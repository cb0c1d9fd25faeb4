using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project perf/Nankang.Health.Benchmarks -- --filter '*' [--job short]
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.OperationsPerSecond);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
