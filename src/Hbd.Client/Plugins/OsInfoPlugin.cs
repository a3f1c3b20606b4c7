using System.Globalization;
using System.Runtime.InteropServices;
using Hbd.Client.Linux;

namespace Hbd.Client.Plugins;

/// <summary>
/// Inventory section "os": hostname, os_name, os_version, os_id, pretty_name, kernel, arch, cpu_model, cpu_count,
/// boot_time (ISO 8601 UTC), uptime_s and agent_version. Keys whose value the host does not tell are left out.
/// </summary>
internal sealed class OsInfoPlugin : IMonitorPlugin
{
    private readonly PluginContext _context;
    private bool _cpuInfoRead;
    private string? _cpuModel;

    public OsInfoPlugin(PluginContext context) => _context = context;

    public string Name => "os_info";

    /// <summary>This agent's version.</summary>
    public static string AgentVersion => BuildVersion.Value;

    public void Collect(BeatContent beat) =>
        beat.Inventory["os"] = OperatingSystem.IsLinux() ? CollectLinux() : CollectPortable();

    private SortedDictionary<string, object?> CollectLinux()
    {
        var paths = _context.Paths;
        var os = NewSection();

        os["hostname"] = HostFile.TryRead(paths.ProcFile("sys/kernel/hostname"), out var hostname) && hostname.Trim().Length > 0
            ? hostname.Trim()
            : Environment.MachineName;

        var release = OsReleaseParser.Parse(ReadOsRelease());
        os["os_name"] = release.Name;
        os["os_id"] = release.Id;
        os["pretty_name"] = release.PrettyName;
        if (release.Version is { } version)
            os["os_version"] = version;

        var kernel = HostFile.Read(paths.ProcFile("sys/kernel/osrelease")).Trim();
        if (kernel.Length > 0)
            os["kernel"] = kernel;

        // The model is the CPUID answer the kernel took at boot, so /proc/cpuinfo is read once: it grows with the cores
        // (hundreds of KiB on big hosts) and costs x86 kernels a frequency sample of every CPU.
        if (!_cpuInfoRead)
        {
            _cpuModel = CpuInfoParser.TryParse(HostFile.Read(paths.ProcFile("cpuinfo")), out var cpu) ? cpu.Model : null;
            _cpuInfoRead = true;
        }
        if (_cpuModel is not null)
            os["cpu_model"] = _cpuModel;

        var statPath = paths.ProcFile("stat");
        if (!ProcStatParser.TryParse(HostFile.Read(statPath), out var stat))
            throw HostFile.Malformed(statPath, "no aggregate 'cpu' line");
        os["cpu_count"] = stat.Cores.Count;

        var uptimePath = paths.ProcFile("uptime");
        if (!UptimeParser.TryParse(HostFile.Read(uptimePath), out var uptime))
            throw HostFile.Malformed(uptimePath, "seconds since boot");
        os["uptime_s"] = (long)uptime.Seconds;

        var bootTime = stat.BootTimeUnixSeconds is { } btime && btime <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(btime)
            : _context.Time.GetUtcNow() - TimeSpan.FromSeconds(uptime.Seconds);
        os["boot_time"] = FormatUtc(bootTime);
        return os;
    }

    private string ReadOsRelease()
    {
        foreach (var location in OsRelease.Locations)
        {
            if (HostFile.TryRead(_context.Paths.RootFile(location), out var text))
                return text;
        }
        var tried = string.Join(" or ", OsRelease.Locations.Select(_context.Paths.RootFile));
        throw new FileNotFoundException($"{tried} does not exist");
    }

    // Outside Linux only what .NET itself knows: no CPU model.
    private SortedDictionary<string, object?> CollectPortable()
    {
        var (name, id) = OperatingSystem.IsWindows() ? ("Windows", "windows")
            : OperatingSystem.IsMacOS() ? ("macOS", "macos")
            : OperatingSystem.IsFreeBSD() ? ("FreeBSD", "freebsd")
            : (Environment.OSVersion.Platform.ToString(), Environment.OSVersion.Platform.ToString().ToLowerInvariant());
        var uptime = TimeSpan.FromMilliseconds(Environment.TickCount64);
        var os = NewSection();
        os["hostname"] = Environment.MachineName;
        os["os_name"] = name;
        os["os_id"] = id;
        os["os_version"] = Environment.OSVersion.Version.ToString();
        os["pretty_name"] = RuntimeInformation.OSDescription;
        os["kernel"] = Environment.OSVersion.VersionString;
        os["cpu_count"] = Environment.ProcessorCount;
        os["uptime_s"] = (long)uptime.TotalSeconds;
        os["boot_time"] = FormatUtc(_context.Time.GetUtcNow() - uptime);
        return os;
    }

    private static SortedDictionary<string, object?> NewSection() => new(StringComparer.Ordinal)
    {
        ["arch"] = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        ["agent_version"] = AgentVersion,
    };

    private static string FormatUtc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
