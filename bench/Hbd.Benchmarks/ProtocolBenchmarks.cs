using BenchmarkDotNet.Attributes;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;

namespace Hbd.Benchmarks;

/// <summary>The codec's hot paths on the typical beat of docs/protocol.md (vector D): 4 mounts, 3 interfaces, 5 checks.</summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks : IDisposable
{
    private readonly HeartbeatEncoder _encoder = new();
    private readonly HeartbeatSigner _signer = new("secret"u8);
    private readonly Heartbeat _beat = TypicalBeats.Typical();
    private ReadOnlyMemory<byte> _signed;
    private ReadOnlyMemory<byte> _unsigned;

    [GlobalSetup]
    public void Setup()
    {
        _signed = new HeartbeatEncoder().Encode(_beat, _signer).ToArray();
        _unsigned = new HeartbeatEncoder().Encode(_beat).ToArray();
        if (HeartbeatDecoder.TryDecode(_signed, out var frame) != DecodeStatus.Ok || !_signer.Verify(frame))
            throw new InvalidOperationException("The typical beat does not decode and verify.");
        Console.WriteLine($"// typical beat: {_unsigned.Length} bytes unsigned, {_signed.Length} bytes signed");
    }

    [Benchmark]
    public int Encode() => _encoder.Encode(_beat).Length;

    [Benchmark]
    public int EncodeAndSign() => _encoder.Encode(_beat, _signer).Length;

    [Benchmark]
    public ulong Decode() =>
        HeartbeatDecoder.TryDecode(_unsigned, out var frame) == DecodeStatus.Ok ? frame.Sequence : 0;

    [Benchmark]
    public bool DecodeAndVerify() =>
        HeartbeatDecoder.TryDecode(_signed, out var frame) == DecodeStatus.Ok && _signer.Verify(frame);

    public void Dispose()
    {
        _signer.Dispose();
        GC.SuppressFinalize(this);
    }
}
