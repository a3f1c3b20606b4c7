using System.Net;

namespace Hbd.Client.Sending;

/// <summary>
/// Sends one server's datagrams from a socket connected to its address (again when the address moves). Connected, the
/// socket learns of an ICMP error (port unreachable: nothing listens there) for a datagram it sent, which an unconnected
/// one never hears of. A failed send (no route, an ICMP error) is counted and forgotten: the next beat goes on.
/// </summary>
internal sealed class UdpSender : IDisposable
{
    private ConnectedUdpSocket? _socket;
    private IPEndPoint? _connectedTo;

    public long Failures { get; private set; }

    /// <summary>The last failure with its address ("127.0.0.1:9: Connection refused").</summary>
    public string? LastError { get; private set; }

    /// <summary>The last failure's reason alone ("Connection refused").</summary>
    public string? LastReason { get; private set; }

    /// <summary>
    /// Sends <paramref name="datagram"/>; false when it cannot leave, or when the server refused the one before (an ICMP
    /// error waiting on the socket): this datagram leaves then all the same.
    /// </summary>
    public bool TrySend(ReadOnlySpan<byte> datagram, IPEndPoint endpoint)
    {
        if (Connected(endpoint, out var error) is not { } socket)
            return Fail(endpoint, error!);
        // Read (and so clear) an error left by the last datagram first: the send would fail on it and not go out.
        var earlier = socket.TakePendingError();
        if (socket.Send(datagram) is { } reason)
            return Fail(endpoint, reason);
        return earlier is null || Fail(endpoint, earlier);
    }

    /// <summary>Whether an ICMP error has come back for the last datagram; false with the reason if so (for --once).</summary>
    public bool Confirm(IPEndPoint endpoint)
    {
        if (_socket is null || !endpoint.Equals(_connectedTo))
            return false;
        return _socket.TakePendingError() is not { } error || Fail(endpoint, error);
    }

    private ConnectedUdpSocket? Connected(IPEndPoint endpoint, out string? error)
    {
        error = null;
        if (_socket is not null && endpoint.Equals(_connectedTo))
            return _socket;
        _socket?.Dispose();
        _connectedTo = null;
        _socket = ConnectedUdpSocket.Connect(endpoint, out error);
        if (_socket is not null)
            _connectedTo = endpoint;
        return _socket;
    }

    private bool Fail(IPEndPoint endpoint, string reason)
    {
        Failures++;
        LastReason = reason;
        LastError = $"{endpoint}: {reason}";
        return false;
    }

    public void Dispose() => _socket?.Dispose();
}
