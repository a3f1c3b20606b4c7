using System.Net;
using System.Net.Sockets;

namespace Hbd.Client.Sending;

/// <summary>
/// Sends datagrams from one unconnected socket per address family. A failed send (no route, ICMP
/// unreachable reported by the kernel) is counted and forgotten: the next server and the next beat go on.
/// </summary>
internal sealed class UdpSender : IDisposable
{
    private Socket? _v4;
    private Socket? _v6;

    public long Failures { get; private set; }

    public string? LastError { get; private set; }

    public bool TrySend(ReadOnlySpan<byte> datagram, IPEndPoint endpoint)
    {
        try
        {
            var socket = endpoint.AddressFamily == AddressFamily.InterNetworkV6
                ? _v6 ??= new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp)
                : _v4 ??= new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.SendTo(datagram, SocketFlags.None, endpoint);
            return true;
        }
        catch (SocketException e)
        {
            Failures++;
            LastError = $"{endpoint}: {e.Message}";
            return false;
        }
    }

    public void Dispose()
    {
        _v4?.Dispose();
        _v6?.Dispose();
    }
}
