using BenchmarkDotNet.Running;

if (args is ["metrics-http", .. var rest])
    return await Hbd.Benchmarks.MetricsOverHttp.RunAsync(rest);
BenchmarkSwitcher.FromAssembly(typeof(Hbd.Benchmarks.ProtocolBenchmarks).Assembly).Run(args);
return 0;
