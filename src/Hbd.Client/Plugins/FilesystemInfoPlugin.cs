using Hbd.Client.Linux;

namespace Hbd.Client.Plugins;

/// <summary>
/// Inventory section "filesystems": per mount, sorted by mount point, a map of device (the mount source: /dev/sda1,
/// server:/export, tmpfs), mount, type and options (the mount's own options, then the filesystem's that add to them,
/// as findmnt shows them). Mounts are chosen by <see cref="MountFilter"/> as for disk; bind mounts are listed each,
/// except a single file bound over another (<see cref="FileMounts"/>), which is no filesystem.
/// Outside Linux the drives .NET knows, without options.
/// </summary>
internal sealed class FilesystemInfoPlugin : IMonitorPlugin
{
    private readonly PluginContext _context;
    private readonly MountFilter _filter;

    public FilesystemInfoPlugin(PluginContext context, MountFilter filter)
    {
        _context = context;
        _filter = filter;
    }

    public string Name => "filesystem_info";

    /// <summary>The catalog's factory: <see cref="MountFilter"/> settings.</summary>
    public static FilesystemInfoPlugin Create(PluginContext context, PluginSettings settings) => new(context, MountFilter.From(settings));

    public void Collect(BeatContent beat)
    {
        IReadOnlyList<MountInfo> mounts;
        if (OperatingSystem.IsLinux())
        {
            var path = _context.Paths.ProcFile("self/mountinfo");
            mounts = MountInfoParser.Parse(HostFile.Read(path));
            if (mounts.Count == 0)
                throw HostFile.Malformed(path, "mount lines");
        }
        else
        {
            mounts = PortableDrives.Mounts();
        }

        var list = new List<object?>();
        var chosen = _filter.Select(mounts).Where(mount => !FileMounts.IsFile(_context.Paths, mount));
        foreach (var mount in chosen.OrderBy(mount => mount.MountPoint, StringComparer.Ordinal))
        {
            var entry = new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["device"] = mount.Source,
                ["mount"] = mount.MountPoint,
                ["type"] = mount.FsType,
            };
            var options = Options(mount);
            if (options.Length > 0)
                entry["options"] = options;
            list.Add(entry);
        }
        beat.Inventory["filesystems"] = list;
    }

    // The superblock's rw/ro says how the filesystem is mounted anywhere; the mount's own rw/ro is what applies here.
    private static string Options(MountInfo mount)
    {
        var options = new List<string>();
        foreach (var option in mount.Options.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!options.Contains(option))
                options.Add(option);
        }
        foreach (var option in mount.SuperOptions.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (option is not ("rw" or "ro") && !options.Contains(option))
                options.Add(option);
        }
        return string.Join(',', options);
    }
}
