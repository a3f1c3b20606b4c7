using BenchmarkDotNet.Attributes;
using Hbd.Server.History;
using Hbd.Server.Tests.History;

namespace Hbd.Benchmarks;

/// <summary>
/// The history block codec on the blocks the writer encodes for every host: a minute of raw samples (once a minute) and an
/// hour of 1-minute points (once an hour), which the API also decodes for every chart; the typical host at 14:00 (65 series).
/// </summary>
[MemoryDiagnoser]
public class HistoryBlockCodecBenchmarks
{
    private HistoryColumns _block = null!;
    private byte[] _encoded = [];

    /// <summary>Raw: a minute of 6 beats, closed once a minute per host; Minute: an hour of 1-minute points, once an hour.</summary>
    [Params(HistoryTier.Raw, HistoryTier.Minute)]
    public HistoryTier Tier { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var beats = new TypicalHost().Day().ToList();
        var blocks = new HistoryColumnsBuilder().Blocks(Tier, beats, TypicalHost.IntervalMs);
        _block = blocks[14 * blocks.Count / 24]; // at 14:00, a busy hour
        _encoded = HistoryBlockCodec.Encode(Tier, _block);
        Console.WriteLine($"// typical {Tier} block: {_encoded.Length} bytes");
    }

    [Benchmark]
    public int Encode() => HistoryBlockCodec.Encode(Tier, _block).Length;

    [Benchmark]
    public int Decode() => HistoryBlockCodec.Decode(Tier, _encoded).Series.Count;
}
