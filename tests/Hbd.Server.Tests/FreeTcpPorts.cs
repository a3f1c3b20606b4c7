using System.Net;
using System.Net.Sockets;

namespace Hbd.Server.Tests;

/// <summary>
/// Loopback TCP ports free a moment ago, distinct from each other: all are held until all are chosen. hbd's default ports
/// (50003-50005) are never handed out, though the kernel's ephemeral range holds them: the quick start test, and anyone's
/// hbd on this machine, need them.
/// </summary>
internal static class FreeTcpPorts
{
    private const int FirstDefaultPort = 50003;
    private const int LastDefaultPort = 50005;

    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            var ports = new List<int>(count);
            while (ports.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (port is < FirstDefaultPort or > LastDefaultPort)
                    ports.Add(port);
            }
            return [.. ports];
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }
}
