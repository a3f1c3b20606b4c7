using System.Net;
using System.Net.Sockets;
using Hbd.Server.Ingest;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Hbd.Server.Hosting;

/// <summary>
/// The heartbeat and HTTP sockets, bound before the host starts anything. A bind failure inside the host comes
/// out as a logged stack trace after half the server is running; here it is one line naming the socket.
/// </summary>
internal sealed class ListenSockets : IDisposable
{
    private readonly Dictionary<int, Socket> _tcp;
    private readonly Lock _sync = new();

    private ListenSockets(Socket udp, Dictionary<int, Socket> tcp)
    {
        Udp = udp;
        _tcp = tcp;
    }

    /// <summary>Bound for UDP heartbeats; the receiver owns it once it has it.</summary>
    public Socket Udp { get; }

    /// <summary>Binds the heartbeat port and each HTTP port (the API's, the WebSocket feed's), or explains in one line which could not be.</summary>
    public static ListenSockets Bind(IPAddress address, int udpPort, params int[] tcpPorts)
    {
        var udp = BindOrExplain("udp", new IPEndPoint(address, udpPort), UdpReceiver.Bind);
        var tcp = new Dictionary<int, Socket>();
        try
        {
            // Kestrel's own factory, so each socket is the one Kestrel would have made (dual mode for "::").
            foreach (var port in tcpPorts)
                tcp[port] = BindOrExplain("tcp", new IPEndPoint(address, port), SocketTransportOptions.CreateDefaultBoundListenSocket);
            return new ListenSockets(udp, tcp);
        }
        catch
        {
            udp.Dispose();
            foreach (var socket in tcp.Values)
                socket.Dispose();
            throw;
        }
    }

    /// <summary>For Kestrel's <see cref="SocketTransportOptions.CreateBoundListenSocket"/>: the socket bound for that port, once; Kestrel owns it then.</summary>
    public Socket TakeTcp(EndPoint endpoint)
    {
        lock (_sync)
        {
            if (endpoint is IPEndPoint ip && _tcp.Remove(ip.Port, out var socket))
                return socket;
        }
        return SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
    }

    /// <summary>Closes what nobody has taken over, when the server is not built after all.</summary>
    public void Dispose()
    {
        Udp.Dispose();
        lock (_sync)
        {
            foreach (var socket in _tcp.Values)
                socket.Dispose();
            _tcp.Clear();
        }
    }

    private static Socket BindOrExplain(string protocol, IPEndPoint endpoint, Func<IPEndPoint, Socket> bind)
    {
        try
        {
            return bind(endpoint);
        }
        catch (SocketException e)
        {
            throw new StartupException($"cannot listen on {protocol} {endpoint}: {Reason(e)}");
        }
    }

    private static string Reason(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AddressNotAvailable => "this machine has no such address",
        SocketError.AccessDenied => "permission denied",
        _ => e.Message,
    };
}
