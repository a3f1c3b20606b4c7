using BenchmarkDotNet.Attributes;
using Hbd.Server.History;
using Hbd.Server.Tests.History;

namespace Hbd.Benchmarks;

/// <summary>
/// The history block codec on the hour of 1-minute points the writer encodes once an hour per host and the API decodes
/// for every chart: the typical host's busiest hour (65 series, 60 points).
/// </summary>
[MemoryDiagnoser]
public class HistoryBlockCodecBenchmarks
{
    private HistoryColumns _block = null!;
    private byte[] _encoded = [];

    [GlobalSetup]
    public void Setup()
    {
        var beats = new TypicalHost().Day().ToList();
        _block = new HistoryColumnsBuilder().Blocks(HistoryTier.Minute, beats, TypicalHost.IntervalMs)[14];
        _encoded = HistoryBlockCodec.Encode(HistoryTier.Minute, _block);
        Console.WriteLine($"// typical Minute block: {_encoded.Length} bytes");
    }

    [Benchmark]
    public int Encode() => HistoryBlockCodec.Encode(HistoryTier.Minute, _block).Length;

    [Benchmark]
    public int Decode() => HistoryBlockCodec.Decode(HistoryTier.Minute, _encoded).Series.Count;
}
