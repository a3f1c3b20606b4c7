using Hbd.Common.Protocol;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Hbd.Client.Sending;

/// <summary>
/// HMAC-SHA256 in managed code (BouncyCastle), for signing beats. The platform's HMAC on Linux is OpenSSL's, and
/// loading libssl and libcrypto for one tag every interval made the agent's resident memory about 4 MiB larger
/// (docs/benchmarks.md, agent footprint). Computes the same tags as the server's <see cref="PlatformHeartbeatMac"/>.
/// Keeps the keyed state between calls: not thread-safe.
/// </summary>
internal sealed class ManagedHeartbeatMac : IHeartbeatMac
{
    private readonly HMac _hmac = new(new Sha256Digest());

    public ManagedHeartbeatMac(ReadOnlySpan<byte> key) => _hmac.Init(new KeyParameter(HeartbeatSigner.RefuseEmpty(key)));

    public void ComputeTag(ReadOnlySpan<byte> message, Span<byte> tag)
    {
        _hmac.BlockUpdate(message);
        _hmac.DoFinal(tag); // and back to the keyed state, for the next message
    }

    /// <summary>Managed memory only: nothing to release.</summary>
    public void Dispose()
    {
    }
}
