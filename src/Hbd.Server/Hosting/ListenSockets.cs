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
    private Socket? _http;

    private ListenSockets(Socket udp, Socket http)
    {
        Udp = udp;
        _http = http;
    }

    /// <summary>Bound for UDP heartbeats; the receiver owns it once it has it.</summary>
    public Socket Udp { get; }

    public static ListenSockets Bind(IPAddress address, int udpPort, int httpPort)
    {
        var udp = BindOrExplain("udp", new IPEndPoint(address, udpPort), UdpReceiver.Bind);
        try
        {
            // Kestrel's own factory, so the socket is the one Kestrel would have made (dual mode for "::").
            var http = BindOrExplain("tcp", new IPEndPoint(address, httpPort), SocketTransportOptions.CreateDefaultBoundListenSocket);
            return new ListenSockets(udp, http);
        }
        catch
        {
            udp.Dispose();
            throw;
        }
    }

    /// <summary>For Kestrel's <see cref="SocketTransportOptions.CreateBoundListenSocket"/>: the bound HTTP socket, once; Kestrel owns it then.</summary>
    public Socket TakeHttp(EndPoint endpoint) =>
        Interlocked.Exchange(ref _http, null) ?? SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);

    /// <summary>Closes what nobody has taken over, when the server is not built after all.</summary>
    public void Dispose()
    {
        Udp.Dispose();
        Interlocked.Exchange(ref _http, null)?.Dispose();
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
