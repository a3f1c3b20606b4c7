using System.Security.Cryptography;

namespace Hbd.Common.Protocol;

/// <summary>
/// HMAC-SHA256 of the platform (OpenSSL on Linux), its keyed state kept between calls: about half the cost of a
/// one-shot HMAC, and the fastest the BCL has (docs/benchmarks.md). Not thread-safe.
/// </summary>
public sealed class PlatformHeartbeatMac : IHeartbeatMac
{
    private readonly IncrementalHash _hmac;

    public PlatformHeartbeatMac(ReadOnlySpan<byte> key) => _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

    public void ComputeTag(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        _hmac.AppendData(message);
        _hmac.GetHashAndReset(tag);
    }

    public void Dispose() => _hmac.Dispose();
}
