using BenchmarkDotNet.Attributes;
using Hbd.Server.History;
using Hbd.Server.Tests.History;

namespace Hbd.Benchmarks;

/// <summary>
/// A history query as the API answers it, over nine simulated days of a typical host in a real SQLite history (the week
/// tests' simulation): the last hour (every beat), day (1-minute points folded to 2 minutes) and week (15-minute points,
/// today's folded from the 1-minute tier at the query). One metric, and the 8 charts of a host page at once.
/// </summary>
[MemoryDiagnoser]
public class HistoryQueryBenchmarks
{
    private const long Day = 86_400_000;
    private static readonly string[] HostPage =
    [
        "cpu.usage", "cpu.load1", "memory.used_pct", "disk:/.used_pct", "disk:/var.used_pct", "io:sda2.write_bps", "net:eth0.rx_bps",
        "net:eth0.tx_bps",
    ];

    private SimulatedHistory _history = null!;

    [Params("1h", "24h", "7d")]
    public string Range { get; set; } = "";

    [GlobalSetup]
    public void Setup() =>
        // Ending at 14:00, so the week's answer folds 14 hours of the current day from the finer tiers.
        _history = new SimulatedHistory(TypicalHost.DayStartMs, TypicalHost.DayStartMs + (8 * Day) + (14 * 3_600_000L));

    [GlobalCleanup]
    public void Cleanup() => _history.Dispose();

    [Benchmark]
    public int OneMetric() => _history.Ask(Span(), "cpu.usage").Series[0].Points.Count;

    [Benchmark]
    public int HostPageOfEight() => _history.Ask(Span(), HostPage).Series.Sum(s => s.Points.Count);

    private TimeSpan Span() => Range switch
    {
        "1h" => TimeSpan.FromHours(1),
        "24h" => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(7),
    };
}
