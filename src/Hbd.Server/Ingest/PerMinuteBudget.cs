using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Hbd.Server.Ingest;

/// <summary>
/// How many things of one kind peers may create per minute: in total, and from one source address (a tenth of the
/// total, at least one). Fixed one-minute windows: cheap, and a peer can do at most twice the budget around a window's
/// edge. Memory is bounded: a source gets an entry only when the total budget still has room, so a window holds at most
/// the budget's number of sources.
/// </summary>
public sealed class PerMinuteBudget
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<UInt128, int> _bySource = [];
    private readonly Lock _sync = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _total;

    /// <summary>Takes one from the budget of <paramref name="source"/>'s address; false when the total or its share is spent.</summary>
    public bool TryTake(SocketAddress source, int perMinute, DateTimeOffset now)
    {
        if (perMinute <= 0)
            return false;
        var perSource = Math.Max(1, perMinute / 10);
        var key = AddressKey(source);
        lock (_sync)
        {
            if (now >= _windowEnd)
            {
                _windowEnd = now + Window;
                _total = 0;
                _bySource.Clear();
            }
            if (_total >= perMinute)
                return false;
            _bySource.TryGetValue(key, out var fromSource);
            if (fromSource >= perSource)
                return false;
            _bySource[key] = fromSource + 1;
            _total++;
            return true;
        }
    }

    /// <summary>The source's IP address as a number (the port is left out: a peer can change it at will).</summary>
    internal static UInt128 AddressKey(SocketAddress source)
    {
        // The native sockaddr layout: sockaddr_in keeps the address at bytes 4–7, sockaddr_in6 at bytes 8–23.
        var bytes = source.Buffer.Span;
        return source.Family switch
        {
            AddressFamily.InterNetwork when source.Size >= 8 => (UInt128)0xFFFF_0000_0000 | BinaryPrimitives.ReadUInt32BigEndian(bytes[4..8]),
            AddressFamily.InterNetworkV6 when source.Size >= 24 => BinaryPrimitives.ReadUInt128BigEndian(bytes[8..24]),
            _ => UInt128.MaxValue,
        };
    }
}
