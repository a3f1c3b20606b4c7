using Hbd.Client.Linux;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Client.Plugins;

/// <summary>
/// Per mounted filesystem a group "disk:&lt;mount point&gt;": size, used and free in bytes (free is what unprivileged
/// users may still write, df's Avail), used_pct (used of used + free, as df) and inodes_used_pct (left out when the
/// filesystem has no inode count). Per block device behind a reported mount a group "io:&lt;device&gt;" with read_bps
/// and write_bps, from the second sample on; outside Linux there are no io groups and no inodes.
/// Mounts are chosen by <see cref="MountFilter"/>; filesystems of size 0 (proc, sysfs …) are never reported.
/// </summary>
internal sealed class DiskPlugin : IRatePlugin
{
    // /proc/diskstats counts 512-byte sectors whatever the device's own sector size.
    private const int SectorBytes = 512;

    private readonly PluginContext _context;
    private readonly MountFilter _filter;
    private readonly HangGuardedFileSystemStats _stats;
    private Dictionary<string, DiskStats>? _previous;
    private long _previousAt;

    public DiskPlugin(PluginContext context, MountFilter filter)
        : this(context, filter, new LibcFileSystemStats())
    {
    }

    /// <param name="context">Paths and time.</param>
    /// <param name="filter">Which mounts to report.</param>
    /// <param name="stats">statvfs, or fixture values.</param>
    /// <param name="statTimeout">How long one mount may take to answer (default 1 s) before it is reported as hung.</param>
    public DiskPlugin(PluginContext context, MountFilter filter, IFileSystemStats stats, TimeSpan? statTimeout = null)
    {
        _context = context;
        _filter = filter;
        _stats = new HangGuardedFileSystemStats(stats, statTimeout ?? TimeSpan.FromSeconds(1));
    }

    public string Name => "disk";

    /// <summary>The catalog's factory: <see cref="MountFilter"/> settings, statvfs from the C library.</summary>
    public static DiskPlugin Create(PluginContext context, PluginSettings settings) => new(context, MountFilter.From(settings));

    public void Collect(BeatContent beat)
    {
        if (!OperatingSystem.IsLinux())
        {
            ReportUsage(beat, _filter.Select(PortableDrives.Mounts()), mount => mount.MountPoint);
            return;
        }

        var path = _context.Paths.ProcFile("self/mountinfo");
        var all = MountInfoParser.Parse(HostFile.Read(path));
        if (all.Count == 0)
            throw HostFile.Malformed(path, "mount lines");
        var reported = _filter.Select(Visible(all)).DistinctBy(mount => (mount.Major, mount.Minor, mount.Root))
            .Where(mount => !FileMounts.IsFile(_context.Paths, mount))
            .ToList();
        ReportUsage(beat, reported, HostPath);
        ReportIo(beat, reported);
    }

    private void ReportUsage(BeatContent beat, IEnumerable<MountInfo> mounts, Func<MountInfo, string> path)
    {
        foreach (var mount in mounts.OrderBy(mount => mount.MountPoint, StringComparer.Ordinal))
        {
            if (!_stats.TryGet(path(mount), out var fs, out var hung) || fs.Blocks == 0)
            {
                if (hung)
                    beat.Checks.Add(new CheckResult("disk:" + mount.MountPoint, AlertLevel.Unknown,
                        $"{mount.MountPoint}: no answer from the filesystem within {_stats.Timeout.TotalSeconds:0.#}s (hung network mount?)"));
                continue;
            }
            var used = fs.UsedBytes;
            var available = fs.AvailableBytes;
            var metrics = new List<Metric>(5) { new("size", fs.SizeBytes), new("used", used), new("free", available) };
            if (used + available > 0)
                metrics.Add(new Metric("used_pct", Percent(used, used + available)));
            if (fs.Files > 0)
                metrics.Add(new Metric("inodes_used_pct", Percent(fs.Files - Math.Min(fs.FreeFiles, fs.Files), fs.Files)));
            beat.Metrics.Add(new MetricGroup("disk:" + mount.MountPoint, metrics));
        }
    }

    // Rates of the devices whose major:minor a reported mount names, as /proc/diskstats names them (sda1, dm-0,
    // nvme0n1); btrfs, NFS and tmpfs have anonymous device numbers and no io group.
    private void ReportIo(BeatContent beat, IReadOnlyList<MountInfo> mounts)
    {
        var now = _context.Time.GetTimestamp();
        var devices = mounts.Select(mount => (mount.Major, mount.Minor)).ToHashSet();
        var current = new Dictionary<string, DiskStats>(StringComparer.Ordinal);
        if (HostFile.TryRead(_context.Paths.ProcFile("diskstats"), out var text))
        {
            foreach (var disk in DiskStatsParser.Parse(text))
            {
                if (devices.Contains((disk.Major, disk.Minor)))
                    current.TryAdd(disk.Name, disk);
            }
        }
        var previous = _previous;
        var seconds = _context.Time.GetElapsedTime(_previousAt, now).TotalSeconds;
        _previous = current;
        _previousAt = now;
        if (previous is null)
            return;

        foreach (var disk in current.Values.OrderBy(disk => disk.Name, StringComparer.Ordinal))
        {
            // A device that was missing from the previous sample, or came back under other numbers, starts afresh.
            if (!previous.TryGetValue(disk.Name, out var before) || before.Major != disk.Major || before.Minor != disk.Minor)
                continue;
            var metrics = new List<Metric>(2);
            if (CounterRate.TryPerSecond(before.SectorsRead, disk.SectorsRead, seconds, out var read))
                metrics.Add(new Metric("read_bps", CounterRate.Whole(read * SectorBytes)));
            if (CounterRate.TryPerSecond(before.SectorsWritten, disk.SectorsWritten, seconds, out var written))
                metrics.Add(new Metric("write_bps", CounterRate.Whole(written * SectorBytes)));
            if (metrics.Count > 0)
                beat.Metrics.Add(new MetricGroup("io:" + disk.Name, metrics));
        }
    }

    /// <summary>Of several mounts on one mount point only the last is reachable; statvfs would measure that one.</summary>
    private static IEnumerable<MountInfo> Visible(IReadOnlyList<MountInfo> mounts)
    {
        var top = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < mounts.Count; i++)
            top[mounts[i].MountPoint] = i;
        return mounts.Where((mount, i) => top[mount.MountPoint] == i);
    }

    private string HostPath(MountInfo mount) => _context.Paths.RootFile(mount.MountPoint.TrimStart('/'));

    private static double Percent(ulong part, ulong whole) => Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);
}
