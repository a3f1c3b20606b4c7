using System.Net;
using System.Net.Sockets;

namespace Hbd.Server.Tests;

/// <summary>Loopback TCP ports free a moment ago, distinct from each other: all are held until all are chosen.</summary>
internal static class FreeTcpPorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }
}
