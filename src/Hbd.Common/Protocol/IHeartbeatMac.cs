namespace Hbd.Common.Protocol;

/// <summary>
/// An HMAC-SHA256 keyed once and used for many messages: what <see cref="HeartbeatSigner"/> computes tags with.
/// The server uses the platform's (<see cref="PlatformHeartbeatMac"/>); the agent uses a managed one so that signing
/// does not load OpenSSL into every host's agent (docs/benchmarks.md, agent footprint).
/// </summary>
public interface IHeartbeatMac : IDisposable
{
    /// <summary>Writes HMAC-SHA256(key, <paramref name="message"/>), 32 bytes, into <paramref name="tag"/>; ready for the next message after.</summary>
    void ComputeTag(ReadOnlySpan<byte> message, Span<byte> tag);
}
