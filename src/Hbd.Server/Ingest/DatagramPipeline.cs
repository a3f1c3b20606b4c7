using System.Net;
using System.Net.Sockets;
using System.Text;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;

namespace Hbd.Server.Ingest;

/// <summary>
/// decode → verify → registry, for one datagram at a time on the receive thread. Every way a
/// datagram can fail ends in a counter; nothing is logged or allocated per datagram.
/// </summary>
public sealed class DatagramPipeline(HostRegistry registry, IngestCounters counters, RecentMessages recentMessages, TimeProvider time)
{
    private readonly UnverifiedQuota _unverified = new(time);
    private SigningKeys _keys = SigningKeys.None;

    /// <summary>Swaps the keys (startup and reload); takes effect from the next datagram.</summary>
    public void UseKeys(SigningKeys keys) => Volatile.Write(ref _keys, keys);

    /// <summary>The keys in force (as reloaded), for HTTP pings authorised by a host's secret.</summary>
    public SigningKeys Keys => Volatile.Read(ref _keys);

    public void Process(ReadOnlyMemory<byte> datagram, SocketAddress source)
    {
        var status = HeartbeatDecoder.TryDecode(datagram, out var frame);
        if (status != DecodeStatus.Ok)
        {
            counters.CountRejected(ToReason(status));
            return;
        }
        var keys = Volatile.Read(ref _keys);
        var signer = keys.For(frame.HostName.Span);
        if (frame.IsSigned)
        {
            // A signed datagram we cannot check is as good as unsigned.
            if (signer is null)
            {
                if (keys.RequireSigned)
                {
                    counters.CountRejected(RejectReason.BadSignature);
                    return;
                }
            }
            else if (!signer.Verify(frame))
            {
                counters.CountRejected(RejectReason.BadSignature);
                return;
            }
        }
        else if (keys.RequireSigned || signer is not null)
        {
            counters.CountRejected(RejectReason.Unsigned);
            return;
        }

        var verified = frame.IsSigned && signer is not null;
        if (frame.IsMessageOnly)
        {
            AcceptMessage(frame, source, verified);
            return;
        }
        if (!verified && !registry.IsKnown(frame.HostName.Span)
            && !_unverified.TryAdmitHost(source, registry.Settings.MaxNewHostsPerMinute))
        {
            counters.CountRejected(RejectReason.NewHostRate);
            return;
        }
        var outcome = registry.ApplyBeat(frame, source, checkClock: verified);
        switch (outcome)
        {
            case BeatOutcome.Accepted: counters.CountAccepted(); break;
            case BeatOutcome.Replayed: counters.CountRejected(RejectReason.Replayed); break;
            case BeatOutcome.Stale: counters.CountRejected(RejectReason.Stale); break;
            default: counters.CountRejected(RejectReason.HostLimit); break;
        }
    }

    /// <summary>Messages are rare: allocating here is fine. Each (run id, sequence) is taken once.</summary>
    private void AcceptMessage(in HeartbeatFrame frame, SocketAddress source, bool verified)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var skewMs = (long)registry.Settings.MaxClockSkew.TotalMilliseconds;
        if (verified && (frame.SentAtUnixMs < nowMs - skewMs || frame.SentAtUnixMs > nowMs + skewMs)) // no Math.Abs: may overflow
        {
            counters.CountRejected(RejectReason.Stale);
            return;
        }
        if (!verified && !_unverified.TryAdmitMessage(source, registry.Settings.MaxMessagesPerMinute))
        {
            counters.CountRejected(RejectReason.MessageRate);
            return;
        }
        var host = Encoding.ASCII.GetString(frame.HostName.Span);
        if (!recentMessages.TryAdd(host, frame.RunId, frame.Sequence))
        {
            counters.CountRejected(RejectReason.Replayed);
            return;
        }
        // The template's family sets the size Create expects: an IPv6 one refuses an IPv4 socket's 16-byte address.
        var any = source.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var endpoint = (IPEndPoint)new IPEndPoint(any, 0).Create(source);
        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        counters.CountMessage();
        registry.PostMessage(host, Encoding.UTF8.GetString(frame.Message.Span), address.ToString());
    }

    private static RejectReason ToReason(DecodeStatus status) => status switch
    {
        DecodeStatus.TooShort => RejectReason.TooShort,
        DecodeStatus.TooLarge => RejectReason.TooLarge,
        DecodeStatus.BadMagic => RejectReason.BadMagic,
        DecodeStatus.UnsupportedVersion => RejectReason.UnsupportedVersion,
        DecodeStatus.UnsupportedFlags => RejectReason.UnsupportedFlags,
        _ => RejectReason.Malformed,
    };
}
