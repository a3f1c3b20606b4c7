using System.Net;
using System.Net.Sockets;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Server.Hosts;

/// <summary>
/// Everything the server keeps of one host. Mutable fields are guarded by <see cref="Sync"/>. A million of these are held
/// at once, so the latest beat's body is kept only until the store has it: from then on the store is where it is read.
/// </summary>
public sealed class HostEntry(string name)
{
    private SocketAddress? _socketAddress;

    public string Name { get; } = name;

    /// <summary>
    /// The entry's own monitor: uncontended, as nearly always, it lives in the object's header, where a Lock object would
    /// cost 40 bytes a host.
    /// </summary>
    public object Sync => this;

    public HostState State { get; set; } = HostState.Unknown;

    /// <summary>The state the store last had, for hosts not heard since this server started.</summary>
    public HostState StoredState { get; set; } = HostState.Unknown;

    public DateTimeOffset StateSince { get; set; }

    public AlertLevel Level { get; set; } = AlertLevel.Unknown;

    public DateTimeOffset? FirstSeen { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    public TimeSpan Interval { get; set; }

    public ReplayWindow Replay;

    public string? Address { get; set; }

    private byte[]? _bodyBuffer;
    private int _bodyLength = -1;

    /// <summary>
    /// The latest heartbeat body as it came (MessagePack) while the store does not have it yet; null once written (and for
    /// a host never heard from). It lives in a buffer from <see cref="BodyBufferPool"/>, held only until then.
    /// </summary>
    public ReadOnlyMemory<byte>? Body => _bodyLength < 0 ? (ReadOnlyMemory<byte>?)null : _bodyBuffer.AsMemory(0, _bodyLength);

    /// <summary>Counts the bodies set, so that the store writer lets go only of the one it wrote.</summary>
    public long BodyVersion { get; private set; }

    /// <summary>The latest inventory map (MessagePack), kept across beats that carry none.</summary>
    public byte[]? Inventory { get; set; }

    public DateTimeOffset? InventoryAt { get; set; }

    public HostTimeouts Timeouts { get; set; }

    /// <summary>Which settings generation <see cref="Timeouts"/> was resolved under.</summary>
    public int SettingsGeneration { get; set; } = -1;

    /// <summary>Set when changed since the store last wrote this host; cleared by the store writer.</summary>
    public bool Dirty { get; set; }

    /// <summary>Has an entry in the deadline scheduler's queue; guarded by the scheduler.</summary>
    public bool Scheduled { get; set; }

    /// <summary>Forgotten through the API: late beats of a removed entry are ignored.</summary>
    public bool Removed { get; set; }

    /// <summary>
    /// Keeps a copy of a beat's body until the store has it, in the buffer it already holds if that is large enough, else
    /// in one from <paramref name="pool"/>; when the pool's budget is spent, forgets any body it held instead (the store
    /// keeps the one it has; the pool counts it).
    /// </summary>
    public void SetBody(ReadOnlySpan<byte> body, BodyBufferPool pool)
    {
        BodyVersion++; // also when not kept: a row taken from an older body must not write it now
        if (_bodyBuffer is null || _bodyBuffer.Length < body.Length)
        {
            ReleaseBuffer(pool);
            if (!pool.TryRent(body.Length, out var buffer))
                return;
            _bodyBuffer = buffer;
        }
        body.CopyTo(_bodyBuffer);
        _bodyLength = body.Length;
    }

    /// <summary>Forgets the body the store does not have yet and gives its buffer back: the host was forgotten, and the store never will.</summary>
    public void ForgetBody(BodyBufferPool pool)
    {
        BodyVersion++;
        ReleaseBuffer(pool);
    }

    /// <summary>The store has the body of <paramref name="version"/>: forgotten and its buffer given back, unless a newer one came meanwhile.</summary>
    public void BodyStored(long version, BodyBufferPool pool)
    {
        if (version == BodyVersion)
            ReleaseBuffer(pool);
    }

    /// <summary>Gives the buffer back, if any, and with it the body it held.</summary>
    private void ReleaseBuffer(BodyBufferPool pool)
    {
        if (_bodyBuffer is not null)
            pool.Return(_bodyBuffer);
        (_bodyBuffer, _bodyLength) = (null, -1);
    }

    /// <summary>
    /// Sets the address an HTTP ping came from; true when it changed. The datagram source is forgotten, so that the next
    /// heartbeat compares its address anew rather than with a source that is no longer the host's address.
    /// </summary>
    public bool SetAddress(string address)
    {
        _socketAddress = null;
        if (address == Address)
            return false;
        Address = address;
        return true;
    }

    /// <summary>
    /// Updates the address from the datagram's source; true when it changed (allocates only then). Another source port
    /// alone is no change, and is taken without allocating: NAT and agents that reopen their socket change ports often.
    /// </summary>
    public bool UpdateAddress(SocketAddress source)
    {
        if (_socketAddress is not null && SameAddress(_socketAddress, source))
            return false;
        _socketAddress ??= new SocketAddress(source.Family, source.Size);
        if (_socketAddress.Family != source.Family || _socketAddress.Size != source.Size)
            _socketAddress = new SocketAddress(source.Family, source.Size);
        source.Buffer.Span.CopyTo(_socketAddress.Buffer.Span);
        var endpoint = (IPEndPoint)new IPEndPoint(source.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(source);
        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        var text = address.ToString();
        if (text == Address)
            return false;
        Address = text;
        return true;
    }

    /// <summary>
    /// Whether two sources are one address, whatever their ports: a sockaddr_in or sockaddr_in6 is the family (2 bytes),
    /// the port (2 bytes), then the rest, which for IPv6 also holds the flow label and the scope.
    /// </summary>
    private static bool SameAddress(SocketAddress known, SocketAddress source)
    {
        if (known.Family != source.Family || known.Size != source.Size || known.Size < 4)
            return false;
        var a = known.Buffer.Span;
        var b = source.Buffer.Span[..source.Size];
        return a[..2].SequenceEqual(b[..2]) && a[4..known.Size].SequenceEqual(b[4..]);
    }
}
