using BenchmarkDotNet.Running;

if (args is ["notify-latency", .. var notifyArgs])
    return await Hbd.Benchmarks.NotifyLatency.RunAsync(notifyArgs);
if (args is ["metrics-http", .. var rest])
    return await Hbd.Benchmarks.MetricsOverHttp.RunAsync(rest);
if (args is ["dns-burst", .. var dnsArgs])
    return await Hbd.Benchmarks.DnsBurst.RunAsync(dnsArgs);
if (args is ["ui-fleet", .. var uiArgs])
    return await Hbd.Benchmarks.DashboardFleet.RunAsync(uiArgs);
if (args is ["history-load", .. var loadArgs])
    return await Hbd.Benchmarks.HistoryLoad.RunAsync(loadArgs);
BenchmarkSwitcher.FromAssembly(typeof(Hbd.Benchmarks.ProtocolBenchmarks).Assembly).Run(args);
return 0;
