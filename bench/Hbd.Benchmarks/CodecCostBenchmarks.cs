using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Hbd.Common.Protocol;
using Hbd.Common.Tests.Protocol;
using MessagePack;

namespace Hbd.Benchmarks;

/// <summary>
/// Where decode + verify of the typical beat spends its time (docs/benchmarks.md): the decoder's fixed cost,
/// what MessagePack-CSharp's reader takes just to walk the same body, and HMAC-SHA256's fixed and per-byte cost.
/// </summary>
[MemoryDiagnoser]
public class CodecCostBenchmarks : IDisposable
{
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, "secret"u8);
    private readonly HeartbeatSigner _signer = new("secret"u8);
    private HeartbeatFrame _frame;
    private byte[] _signed = [];
    private ReadOnlyMemory<byte> _body;
    private ReadOnlyMemory<byte> _minimal;

    [GlobalSetup]
    public void Setup()
    {
        using var signer = new HeartbeatSigner("secret"u8);
        _signed = new HeartbeatEncoder().Encode(TypicalBeats.Typical(), signer).ToArray();
        _body = _signed.AsMemory(WireFormat.HeaderSize, _signed.Length - WireFormat.HeaderSize - WireFormat.TagSize);
        _minimal = new HeartbeatEncoder().Encode(TypicalBeats.Minimal()).ToArray();
        HeartbeatDecoder.TryDecode(_signed, out _frame);
    }

    /// <summary>TryDecode of the 38-byte minimal beat: the decoder's cost apart from metrics and checks.</summary>
    [Benchmark]
    public ulong DecodeMinimal() =>
        HeartbeatDecoder.TryDecode(_minimal, out var frame) == DecodeStatus.Ok ? frame.Sequence : 0;

    /// <summary>MessagePack-CSharp's own walk over the body, validating nothing (what the decoder was built on before).</summary>
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

    /// <summary>HeartbeatSigner.Verify of the decoded typical beat: the HMAC above plus the tag comparison.</summary>
    [Benchmark]
    public bool VerifyTypical() => _signer.Verify(_frame);

    /// <summary>The BCL's constant-time comparison of two 32-byte tags, which Verify no longer uses.</summary>
    [Benchmark]
    public bool FixedTimeEquals32() =>
        CryptographicOperations.FixedTimeEquals(_signed.AsSpan(_signed.Length - 32), _signed.AsSpan(_signed.Length - 32));

    [Benchmark]
    public int Sha256OfTypical()
    {
        Span<byte> hash = stackalloc byte[32];
        return SHA256.HashData(_signed.AsSpan(0, _signed.Length - WireFormat.TagSize), hash);
    }

    public void Dispose()
    {
        _hmac.Dispose();
        _signer.Dispose();
        GC.SuppressFinalize(this);
    }

    private int Hmac(ReadOnlySpan<byte> data)
    {
        Span<byte> tag = stackalloc byte[32];
        _hmac.AppendData(data);
        return _hmac.GetHashAndReset(tag);
    }
}
