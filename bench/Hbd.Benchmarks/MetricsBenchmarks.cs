using System.IO.Pipelines;
using System.Net;
using BenchmarkDotNet.Attributes;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Metrics;
using Hbd.Server.Store;
using Prometheus;

namespace Hbd.Benchmarks;

/// <summary>
/// GET /metrics for 100,000 typical hosts: hbd's own writer (straight from the read model into the response pipe) against
/// prometheus-net 8.2.1 holding the same per-host series as labelled gauge children. Which one /metrics uses was chosen
/// from these figures (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private const int Hosts = 100_000;

    /// <summary>Hosts in one commit of a fleet of <see cref="Hosts"/> beating every 10 s (a commit every 250 ms).</summary>
    private const int HostsPerCommit = Hosts / 40;

    private readonly HostRegistry _registry = new(new ChangeFeed(), TimeProvider.System, MonitorSettings.Defaults);
    private readonly CommitFeed _commits = new(new CommittedHosts());
    private readonly MetricsExportSetting _export = new(MetricsExport.Summary);
    private MetricsExposition _exposition = null!;
    private CollectorRegistry _prometheus = null!;
    private Gauge _up = null!, _state = null!, _level = null!, _lastSeen = null!, _cpu = null!, _memory = null!, _disk = null!;
    private HostRecord[] _records = [];

    [GlobalSetup]
    public void Setup()
    {
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000).Serialize();
        var encoder = new HeartbeatEncoder();
        for (var i = 0; i < Hosts; i++)
        {
            var beat = TypicalBeats.Typical() with { HostName = $"web-{i:D6}.example.net" };
            if (HeartbeatDecoder.TryDecode(encoder.Encode(beat), out var frame) != DecodeStatus.Ok
                || _registry.ApplyBeat(frame, source, checkClock: false) != BeatOutcome.Accepted)
                throw new InvalidOperationException("a typical beat was not accepted");
        }
        _commits.Hosts.Load(_registry.All.Select(HostSnapshots.Snapshot));
        _records = [.. _commits.Hosts.All];
        _exposition = new MetricsExposition(_commits, _registry, new IngestCounters(), new StoreHealth(), _export, TimeProvider.System);
        Console.WriteLine($"// metrics_export: {MetricsExports.Name(_export.Value)}: {Scrape():N0} bytes a scrape");
    }

    [GlobalSetup(Targets = [nameof(HbdWriterAll)])]
    public void SetupAll()
    {
        Setup();
        _export.Value = MetricsExport.All;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var bytes = HbdWriterAll(); // decodes every record's metrics once; later scrapes reuse them
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// metrics_export: all: {bytes:N0} bytes a scrape; decoded metrics kept: {(after - before) / 1048576.0:F1} MiB");
    }

    [GlobalSetup(Targets = [nameof(PrometheusNetSummary), nameof(PrometheusNetOneCommit)])]
    public void SetupPrometheusNet()
    {
        Setup();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _prometheus = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(_prometheus);
        _up = factory.CreateGauge("hbd_host_up", "1 while up.", ["host"]);
        _state = factory.CreateGauge("hbd_host_state", "The host's state.", ["host", "state"]);
        _level = factory.CreateGauge("hbd_host_level", "The worst level.", ["host"]);
        _lastSeen = factory.CreateGauge("hbd_host_last_seen_timestamp_seconds", "Latest heartbeat.", ["host"]);
        _cpu = factory.CreateGauge("hbd_host_cpu_usage_percent", "CPU.", ["host"]);
        _memory = factory.CreateGauge("hbd_host_memory_used_percent", "Memory.", ["host"]);
        _disk = factory.CreateGauge("hbd_host_disk_used_percent", "Fullest disk.", ["host"]);
        foreach (var record in _records)
            SetPrometheusNet(record);
        var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// prometheus-net: {Hosts:N0} hosts x 7 series set in {took.TotalMilliseconds:F0} ms; "
            + $"kept {(after - before) / 1048576.0:F1} MiB ({(after - before) / (7.0 * Hosts):F0} bytes a series); a scrape {PrometheusNetSummary():N0} bytes");
    }

    [Benchmark(Baseline = true)]
    public long HbdWriterSummary() => Scrape();

    [Benchmark]
    public long HbdWriterAll() => Scrape();

    [Benchmark]
    public long PrometheusNetSummary()
    {
        var counter = new CountingStream();
        _prometheus.CollectAndExportAsTextAsync(counter, CancellationToken.None).GetAwaiter().GetResult();
        return counter.Length;
    }

    /// <summary>What prometheus-net would also cost at every commit: setting the series of the hosts it wrote.</summary>
    [Benchmark]
    public int PrometheusNetOneCommit()
    {
        for (var i = 0; i < HostsPerCommit; i++)
            SetPrometheusNet(_records[i]);
        return HostsPerCommit;
    }

    private long Scrape()
    {
        var counter = new CountingStream();
        var output = PipeWriter.Create(counter);
        _exposition.WriteAsync(output, CancellationToken.None).GetAwaiter().GetResult();
        output.Complete();
        return counter.Length;
    }

    private void SetPrometheusNet(HostRecord record)
    {
        var name = record.Name;
        _up.WithLabels(name).Set(record.State == HostState.Up ? 1 : 0);
        _state.WithLabels(name, HostStates.Name(record.State)).Set(1);
        _level.WithLabels(name).Set(record.Level);
        _lastSeen.WithLabels(name).Set(record.LastSeen!.Value.ToUnixTimeMilliseconds() / 1000.0);
        _cpu.WithLabels(name).Set(record.Load.CpuShown ?? 0);
        _memory.WithLabels(name).Set(record.Load.MemoryShown ?? 0);
        _disk.WithLabels(name).Set(record.Load.DiskShown ?? 0);
    }
}
