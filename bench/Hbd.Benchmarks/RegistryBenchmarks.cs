using System.Net;
using BenchmarkDotNet.Attributes;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;
using Hbd.Server.Hosts;

namespace Hbd.Benchmarks;

/// <summary>
/// HostRegistry.ApplyBeat on a known host with the typical beat: the ingest hot path after decode and verify, which must
/// allocate nothing. Heartbeats and HTTP pings share its state logic (HostRegistry.Heard).
/// </summary>
[MemoryDiagnoser]
public class RegistryBenchmarks
{
    private const int Beats = 10_000;

    private readonly SocketAddress _source = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000).Serialize();
    private HeartbeatFrame[] _frames = [];
    private HostRegistry _registry = null!;

    [GlobalSetup]
    public void Setup()
    {
        var encoder = new HeartbeatEncoder();
        // Decoded up front, each frame over its own buffer: only ApplyBeat is measured.
        _frames = [.. Enumerable.Range(0, Beats + 1).Select(i =>
        {
            var datagram = encoder.Encode(TypicalBeats.Typical() with { Sequence = (ulong)i + 1 }).ToArray();
            return HeartbeatDecoder.TryDecode(datagram, out var frame) == DecodeStatus.Ok ? frame : throw new InvalidOperationException("not decoded");
        })];
    }

    /// <summary>A fresh registry that knows the host, so that every measured beat is new and accepted.</summary>
    [IterationSetup]
    public void Known()
    {
        _registry = new HostRegistry(new ChangeFeed(), TimeProvider.System, MonitorSettings.Defaults);
        Apply(0);
    }

    [Benchmark(OperationsPerInvoke = Beats)]
    public int KnownHostBeat()
    {
        var accepted = 0;
        for (var i = 1; i <= Beats; i++)
            accepted += Apply(i) == BeatOutcome.Accepted ? 1 : 0;
        return accepted;
    }

    private BeatOutcome Apply(int i) => _registry.ApplyBeat(_frames[i], _source, checkClock: false);
}
