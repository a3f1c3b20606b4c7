using BenchmarkDotNet.Attributes;
using Hbd.Common.Protocol;
using Hbd.Server.History;
using Hbd.Server.Tests.History;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Benchmarks;

/// <summary>
/// What one beat costs the history: reading a typical body's 65 values into the host's open minute, and what a minute
/// costs per host when it ends: its raw block encoded. The store is left out (its writes are measured whole by the
/// history-load mode).
/// </summary>
[MemoryDiagnoser]
public class HistoryRecorderBenchmarks
{
    private const int Hosts = 1_000;
    private readonly byte[][] _bodies = new byte[6][];
    private HistoryRecorder _recorder = null!;
    private NullHistoryStore _store = null!;
    private long _time;
    private ulong _sequence;

    [GlobalSetup]
    public void Setup()
    {
        var encoder = new HeartbeatEncoder();
        var beats = new TypicalHost().Beats(TypicalHost.DayStartMs, _bodies.Length).ToList();
        for (var i = 0; i < _bodies.Length; i++)
        {
            var beat = new Heartbeat
            {
                HostName = "h",
                RunId = 1,
                Sequence = (ulong)i,
                SentAt = DateTimeOffset.FromUnixTimeMilliseconds(beats[i].TimeMs),
                Interval = TimeSpan.FromSeconds(10),
                Metrics = [.. beats[i].Values.GroupBy(v => v.Group).Select(g => new MetricGroup(g.Key, [.. g.Select(v => new Metric(v.Metric, v.Value))]))],
            };
            HeartbeatDecoder.TryDecode(encoder.Encode(beat).ToArray(), out var frame);
            _bodies[i] = frame.Body.ToArray();
        }
        _store = new NullHistoryStore();
        _recorder = new HistoryRecorder(_store, new SeriesCatalog([]), new HistoryRetention(7), NullLogger.Instance);
        _time = TypicalHost.DayStartMs;
    }

    /// <summary>A minute of beats (6 at 10 s) of 1,000 hosts, each minute's end closing and encoding every host's raw block.</summary>
    [Benchmark(OperationsPerInvoke = Hosts * 6)]
    public void BeatsOfAMinute()
    {
        for (var beat = 0; beat < 6; beat++)
        {
            _time += 10_000;
            _sequence++;
            for (var host = 0; host < Hosts; host++)
                _recorder.RecordBeat(HostNames[host], _time, 10_000, 1, _sequence, _bodies[beat]);
        }
        _recorder.Tick(_time + 65_000, TimeSpan.Zero);
    }

    private static readonly string[] HostNames = [.. Enumerable.Range(0, Hosts).Select(i => $"h{i:D6}")];

    /// <summary>Takes writes and forgets them; reads find nothing.</summary>
    private sealed class NullHistoryStore : IHistoryStore
    {
        public void Open() { }

        public IReadOnlyList<HistorySeries> LoadSeries() => [];

        public void Write(HistoryBatch batch) { }

        public IReadOnlyList<HistoryBlock> ReadBlocks(string host, HistoryTier tier, long fromMs, long untilMs) => [];

        public IReadOnlyList<string> HostsWithBlocks(HistoryTier tier, long startMs, long untilMs) => [];

        public HistoryStoreSize Size() => new(new Dictionary<HistoryTier, (long, long)>(), 0);

        public void Dispose() { }
    }
}
