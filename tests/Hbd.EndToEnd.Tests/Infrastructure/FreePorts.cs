using System.Net;
using System.Net.Sockets;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Ports the kernel says are free on loopback for both TCP and UDP. Tests run in parallel in one
/// process, so ports already handed out are remembered and never handed out twice. hbd's default ports
/// are never handed out: the quick start test and anyone's hbd on this machine need them.
/// </summary>
public static class FreePorts
{
    private const int FirstDefaultPort = 50003;
    private const int LastDefaultPort = 50005;

    private static readonly HashSet<int> Given = [];
    private static readonly Lock Sync = new();

    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            if (port is >= FirstDefaultPort and <= LastDefaultPort || !UdpFree(port))
                continue;
            lock (Sync)
            {
                if (Given.Add(port))
                    return port;
            }
        }
        throw new InvalidOperationException("no free loopback port found");
    }

    /// <summary>True when nothing listens on <paramref name="port"/> (TCP and UDP, any address).</summary>
    public static bool IsFree(int port) => TcpFree(port) && UdpFree(port);

    private static bool UdpFree(int port)
    {
        try
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool TcpFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
