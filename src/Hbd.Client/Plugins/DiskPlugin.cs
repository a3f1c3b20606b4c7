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
    private readonly IFileSystemStats _stats;
    private readonly HangGuard _guard;
    private Dictionary<string, DiskStats>? _previous;
    private long _previousAt;

    public DiskPlugin(PluginContext context, MountFilter filter)
        : this(context, filter, new LibcFileSystemStats())
    {
    }

    /// <param name="context">Paths and time.</param>
    /// <param name="filter">Which mounts to report.</param>
    /// <param name="stats">statvfs, or fixture values.</param>
    /// <param name="budget">
    /// How long one beat waits for all mounts (and /proc/diskstats) together, default 0.4 s (below the shortest
    /// beat budget); a mount that has not answered by then is reported as hung.
    /// </param>
    public DiskPlugin(PluginContext context, MountFilter filter, IFileSystemStats stats, TimeSpan? budget = null)
    {
        _context = context;
        _filter = filter;
        _stats = stats;
        _guard = new HangGuard(budget ?? TimeSpan.FromMilliseconds(400));
    }

    public string Name => "disk";

    /// <summary>How many times a beat waited its whole budget (tests).</summary>
    internal int DeadlinesReached => _guard.DeadlinesReached;

    /// <summary>The guard's threads, busy or idle (tests).</summary>
    internal int GuardThreads => _guard.Threads;

    /// <summary>The catalog's factory: <see cref="MountFilter"/> settings, statvfs from the C library.</summary>
    public static DiskPlugin Create(PluginContext context, PluginSettings settings) => new(context, MountFilter.From(settings));

    public void Collect(BeatContent beat)
    {
        if (!OperatingSystem.IsLinux())
        {
            var drives = _filter.Select(PortableDrives.Mounts()).ToList();
            var driveCalls = StatCalls(drives, mount => mount.MountPoint);
            _guard.RunAll(driveCalls);
            ReportUsage(beat, drives, driveCalls);
            return;
        }

        var path = _context.Paths.ProcFile("self/mountinfo");
        var all = MountInfoParser.Parse(HostFile.Read(path));
        if (all.Count == 0)
            throw HostFile.Malformed(path, "mount lines");
        var reported = _filter.Select(Visible(all)).DistinctBy(mount => (mount.Major, mount.Minor, mount.Root))
            .Where(mount => !FileMounts.IsFile(_context.Paths, mount))
            .OrderBy(mount => mount.MountPoint, StringComparer.Ordinal)
            .ToList();
        // Every statvfs and the /proc/diskstats read at once, waited for together: what answers in time is reported.
        var calls = StatCalls(reported, HostPath);
        var diskStats = new ReadCall(_context.Paths.ProcFile("diskstats"));
        calls.Add(diskStats); // after the mounts': ReportUsage goes by the mounts' indexes
        _guard.RunAll(calls);
        ReportUsage(beat, reported, calls);
        ReportIo(beat, reported, diskStats);
    }

    // A loop rather than Select(...).ToList(): LINQ over a type of its own would add its generic code to the binary.
    private List<HangGuard.Call> StatCalls(IReadOnlyList<MountInfo> mounts, Func<MountInfo, string> path)
    {
        var calls = new List<HangGuard.Call>(mounts.Count + 1);
        for (var i = 0; i < mounts.Count; i++)
            calls.Add(new StatCall(path(mounts[i]), _stats));
        return calls;
    }

    private void ReportUsage(BeatContent beat, IReadOnlyList<MountInfo> mounts, List<HangGuard.Call> calls)
    {
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var call = (StatCall)calls[i];
            if (!call.Answered)
            {
                beat.Checks.Add(new CheckResult("disk:" + mount.MountPoint, AlertLevel.Unknown,
                    $"{mount.MountPoint}: no answer from the filesystem within {_guard.Budget.TotalSeconds:0.#}s (hung network mount?)"));
                continue;
            }
            if (!call.Succeeded || call.Result.Blocks == 0)
                continue;
            var fs = call.Result;
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
    // nvme0n1); btrfs, NFS and tmpfs have anonymous device numbers and no io group. A /proc/diskstats that could not
    // be read in time gives no io groups this beat, and the rates start afresh from the next sample.
    private void ReportIo(BeatContent beat, IReadOnlyList<MountInfo> mounts, ReadCall diskStats)
    {
        if (!diskStats.Answered || diskStats.Error is not null)
        {
            _previous = null;
            return;
        }
        var now = _context.Time.GetTimestamp();
        var devices = mounts.Select(mount => (mount.Major, mount.Minor)).ToHashSet();
        var current = new Dictionary<string, DiskStats>(StringComparer.Ordinal);
        if (diskStats.Text is { } text)
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

    /// <summary>statvfs of one mount; an exception counts as "cannot be asked", like any statvfs error.</summary>
    private sealed class StatCall(string path, IFileSystemStats stats) : HangGuard.Call(path)
    {
        public bool Succeeded { get; private set; }

        public FileSystemStats Result { get; private set; }

        protected internal override void Run()
        {
            Succeeded = stats.TryGet(Key, out var result);
            Result = result;
        }
    }

    /// <summary>A whole file (null when it does not exist).</summary>
    private sealed class ReadCall(string path) : HangGuard.Call(path)
    {
        public string? Text { get; private set; }

        protected internal override void Run() => Text = HostFile.TryRead(Key, out var text) ? text : null;
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
