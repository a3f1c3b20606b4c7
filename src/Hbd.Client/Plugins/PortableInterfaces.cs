using System.Net.NetworkInformation;
using System.Runtime.Versioning;
using Hbd.Client.Linux;

namespace Hbd.Client.Plugins;

/// <summary>
/// Interface counters as .NET sees them outside Linux (GetIPStatistics), in the shape of /proc/net/dev lines.
/// Loopback interfaces are left out: their names differ by system (lo0, "Loopback Pseudo-Interface 1").
/// </summary>
[UnsupportedOSPlatform("linux")]
internal static class PortableInterfaces
{
    public static IReadOnlyList<NetDevice> Read()
    {
        var devices = new List<NetDevice>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                continue;
            try
            {
                devices.Add(Counters(nic.Name, nic.GetIPStatistics()));
            }
            catch (Exception ex) when (ex is NetworkInformationException or PlatformNotSupportedException)
            {
                // An interface that went away meanwhile, or a system that lacks a counter: not reported this time.
            }
        }
        return devices;
    }

    private static NetDevice Counters(string name, IPInterfaceStatistics stats) => new(
        name,
        Count(stats.BytesReceived),
        Count(stats.UnicastPacketsReceived + stats.NonUnicastPacketsReceived),
        Count(stats.IncomingPacketsWithErrors),
        Count(stats.IncomingPacketsDiscarded),
        Count(stats.BytesSent),
        Count(stats.UnicastPacketsSent + stats.NonUnicastPacketsSent),
        Count(stats.OutgoingPacketsWithErrors),
        OperatingSystem.IsMacOS() ? 0 : Count(stats.OutgoingPacketsDiscarded)); // macOS does not count these

    private static ulong Count(long value) => (ulong)Math.Max(0, value);
}
