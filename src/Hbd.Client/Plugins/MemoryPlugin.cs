using Hbd.Client.Linux;
using Hbd.Common.Protocol;

namespace Hbd.Client.Plugins;

/// <summary>Group "memory": total and available (bytes), used_pct, swap_total (bytes) and swap_used_pct (0 without swap).</summary>
internal sealed class MemoryPlugin : IMonitorPlugin
{
    private readonly PluginContext _context;

    public MemoryPlugin(PluginContext context) => _context = context;

    public string Name => "memory";

    public void Collect(BeatContent beat)
    {
        if (!OperatingSystem.IsLinux())
        {
            beat.Add("memory", new Metric("total", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));
            throw new PlatformNotSupportedException(
                "memory: available, used_pct and swap come from /proc/meminfo and are only measured on Linux");
        }

        var path = _context.Paths.ProcFile("meminfo");
        if (!MemInfoParser.TryParse(HostFile.Read(path), out var info) || info.TotalBytes == 0)
            throw HostFile.Malformed(path, "MemTotal and MemAvailable or MemFree");

        // Containers and old kernels can report more available than total; that is 0 % used, not negative.
        var available = Math.Min(info.AvailableBytes, info.TotalBytes);
        var swapFree = Math.Min(info.SwapFreeBytes, info.SwapTotalBytes);
        beat.Add(
            "memory",
            new Metric("total", info.TotalBytes),
            new Metric("available", info.AvailableBytes),
            new Metric("used_pct", Percent(info.TotalBytes - available, info.TotalBytes)),
            new Metric("swap_total", info.SwapTotalBytes),
            new Metric("swap_used_pct", Percent(info.SwapTotalBytes - swapFree, info.SwapTotalBytes)));
    }

    private static double Percent(ulong part, ulong whole) =>
        whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);
}
