using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;
using MessagePack;

namespace Hbd.Benchmarks;

/// <summary>
/// Where decode + verify of the typical beat spends its time (docs/benchmarks.md): walking the body with
/// MessagePackReader, and HMAC-SHA256's fixed and per-byte cost.
/// </summary>
[MemoryDiagnoser]
public class CodecCostBenchmarks : IDisposable
{
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, "secret"u8);
    private byte[] _signed = [];
    private ReadOnlyMemory<byte> _body;

    [GlobalSetup]
    public void Setup()
    {
        using var signer = new HeartbeatSigner("secret"u8);
        _signed = new HeartbeatEncoder().Encode(TypicalBeats.Typical(), signer).ToArray();
        _body = _signed.AsMemory(WireFormat.HeaderSize, _signed.Length - WireFormat.HeaderSize - WireFormat.TagSize);
    }

    /// <summary>The library's own walk over the body, validating nothing: a floor for the decoder.</summary>
    [Benchmark]
    public long ReaderSkipBody()
    {
        var reader = new MessagePackReader(_body);
        reader.Skip();
        return reader.Consumed;
    }

    /// <summary>HMAC of a minimal beat's 38 bytes: the fixed cost per call.</summary>
    [Benchmark]
    public int HmacOf38Bytes() => Hmac(_signed.AsSpan(0, 38));

    /// <summary>HMAC of the typical beat's header and body, as Verify computes it.</summary>
    [Benchmark]
    public int HmacOfTypical() => Hmac(_signed.AsSpan(0, _signed.Length - WireFormat.TagSize));

    [Benchmark]
    public int Sha256OfTypical()
    {
        Span<byte> hash = stackalloc byte[32];
        return SHA256.HashData(_signed.AsSpan(0, _signed.Length - WireFormat.TagSize), hash);
    }

    public void Dispose()
    {
        _hmac.Dispose();
        GC.SuppressFinalize(this);
    }

    private int Hmac(ReadOnlySpan<byte> data)
    {
        Span<byte> tag = stackalloc byte[32];
        _hmac.AppendData(data);
        return _hmac.GetHashAndReset(tag);
    }
}
