using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Hbd.Benchmarks.ProtocolBenchmarks).Assembly).Run(args);
