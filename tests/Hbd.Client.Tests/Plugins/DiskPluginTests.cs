using Hbd.Client.Linux;
using Hbd.Client.Plugins;
using Hbd.Common.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests.Plugins;

public sealed class DiskPluginTests
{
    [Theory]
    [InlineData("steady")]
    [InlineData("counter-backwards")]
    [InlineData("device-disappears")]
    [InlineData("no-time-passed")]
    public void Each_snapshot_sequence_gives_the_expected_output(string name)
    {
        Assert.Equal(SnapshotSequence.Expected("disk-rates", name), SnapshotSequence.Render(RunRates(name)));
    }

    [Fact]
    public void Reports_the_root_filesystem_of_this_machine_as_df_does()
    {
        var beat = Collect("debian12-vm");

        var group = Assert.Single(beat.Metrics);
        Assert.Equal("disk:/", group.Name);
        Assert.Equal(
            [("size", 270553174016), ("used", 14845874176), ("free", 84254769152), ("used_pct", 15.0), ("inodes_used_pct", 2.5)],
            group.Values.Select(metric => (metric.Name, metric.Value)));
    }

    [Fact]
    public void Reports_every_real_filesystem_of_a_bare_metal_host_sorted_by_mount_point()
    {
        var beat = Collect("baremetal-16core");

        Assert.Equal(
            ["disk:/", "disk:/backup", "disk:/boot", "disk:/boot/efi", "disk:/home", "disk:/mnt/media", "disk:/srv",
             "disk:/srv/photo archive", "disk:/var", "disk:/var/www"],
            beat.Metrics.Select(group => group.Name));
    }

    [Theory]
    [InlineData("/", 42.9)]
    [InlineData("/backup", 96.3)]
    [InlineData("/srv/photo archive", 100)]
    [InlineData("/boot/efi", 0.6)]
    public void Used_pct_is_used_of_used_plus_available_so_the_root_reserve_counts_as_full(string mount, double usedPct)
    {
        Assert.Equal(usedPct, SnapshotSequence.Values(Collect("baremetal-16core"), "disk:" + mount)["used_pct"]);
    }

    [Fact]
    public void Free_is_what_unprivileged_users_may_still_write()
    {
        var backup = SnapshotSequence.Values(Collect("baremetal-16core"), "disk:/backup");

        // bavail, not bfree: 67766835 of 166048035 free blocks are outside the root reserve.
        Assert.Equal(67766835 * 4096.0, backup["free"]);
        Assert.Equal((1953506304 - 166048035) * 4096.0, backup["used"]);
        Assert.Equal(1953506304 * 4096.0, backup["size"]);
    }

    [Theory]
    [InlineData("/boot/efi")]
    [InlineData("/mnt/media")]
    public void Inodes_used_pct_is_left_out_when_the_filesystem_counts_no_inodes(string mount)
    {
        var values = SnapshotSequence.Values(Collect("baremetal-16core"), "disk:" + mount);

        Assert.Equal(["size", "used", "free", "used_pct"], values.Keys);
    }

    [Fact]
    public void A_bind_mount_of_the_same_device_and_root_is_reported_once_and_one_of_another_root_apart()
    {
        var groups = Collect("baremetal-16core").Metrics.Select(group => group.Name).ToList();

        Assert.DoesNotContain("disk:/export/backup", groups);
        Assert.Contains("disk:/backup", groups);
        Assert.Contains("disk:/var/www", groups);
    }

    [Fact]
    public void Pseudo_and_image_filesystems_are_never_asked_for_their_size()
    {
        var stats = FixtureFileSystemStats.ForHost("baremetal-16core");

        new DiskPlugin(Fixtures.Context("baremetal-16core"), MountFilter.Default, stats).Collect(new BeatContent());

        Assert.Equal(
            ["/", "/backup", "/boot", "/boot/efi", "/home", "/mnt/media", "/srv", "/srv/photo archive", "/var", "/var/www"],
            stats.Asked);
    }

    [Fact]
    public void In_a_container_the_overlay_root_and_the_files_bound_over_etc_are_left_out()
    {
        var beat = Collect("container-alpine");

        var group = Assert.Single(beat.Metrics);
        Assert.Equal("disk:/var/lib/postgresql/data", group.Name);
        Assert.Equal(57.9, SnapshotSequence.Values(beat, group.Name)["used_pct"]);
    }

    [Fact]
    public void A_mount_whose_size_cannot_be_read_is_left_out()
    {
        var stats = FixtureFileSystemStats.ForHost("baremetal-16core");
        stats.Failing.Add("/mnt/media");
        var beat = new BeatContent();

        new DiskPlugin(Fixtures.Context("baremetal-16core"), MountFilter.Default, stats).Collect(beat);

        Assert.Equal(9, beat.Metrics.Count);
        Assert.DoesNotContain(beat.Metrics, group => group.Name == "disk:/mnt/media");
    }

    [Fact]
    public void Filesystems_of_size_zero_are_not_reported_even_when_their_type_is_not_excluded()
    {
        var beat = Collect("debian12-vm", new MountFilter([], NameFilter.All));

        // proc, sysfs, devpts and the cgroup hierarchies report 0 blocks; devtmpfs and tmpfs have a size.
        Assert.Equal(["disk:/", "disk:/dev", "disk:/dev/shm", "disk:/sys/fs/cgroup"], beat.Metrics.Select(group => group.Name));
    }

    [Fact]
    public void Exclude_types_replaces_the_default_list()
    {
        var filter = MountFilter.From(new PluginSettings([new("exclude_types", new List<object?> { "tmpfs", "overlay" })]));

        var groups = Collect("baremetal-16core", filter).Metrics.Select(group => group.Name).ToList();

        Assert.Contains("disk:/snap/core20/2318", groups);
        Assert.DoesNotContain("disk:/run", groups);
        Assert.DoesNotContain("disk:/proc", groups);
    }

    [Fact]
    public void Exclude_mounts_leaves_out_the_matching_mount_points()
    {
        var filter = MountFilter.From(new PluginSettings([new("exclude_mounts", new List<object?> { "/srv/*", "/boot*" })]));

        Assert.Equal(
            ["disk:/", "disk:/backup", "disk:/home", "disk:/mnt/media", "disk:/srv", "disk:/var", "disk:/var/www"],
            Collect("baremetal-16core", filter).Metrics.Select(group => group.Name));
    }

    [Fact]
    public void Include_mounts_reports_only_the_matching_mount_points()
    {
        var filter = MountFilter.From(new PluginSettings([new("include_mounts", new List<object?> { "/", "/var*", "/snap/*" })]));

        // The snaps match but stay excluded by type.
        Assert.Equal(["disk:/", "disk:/var", "disk:/var/www"], Collect("baremetal-16core", filter).Metrics.Select(group => group.Name));
    }

    [Fact]
    public void Only_the_last_of_several_mounts_on_one_mount_point_is_measured()
    {
        const string mountinfo = "27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
            + "28 27 8:16 / /mnt rw - ext4 /dev/sdb rw\n"
            + "29 28 8:32 / /mnt rw - xfs /dev/sdc rw\n";
        const string diskstats = "8 1 sda1 1 0 10 0 1 0 10 0 0 0 0\n8 16 sdb 1 0 10 0 1 0 10 0 0 0 0\n8 32 sdc 1 0 10 0 1 0 10 0 0 0 0\n";
        const string statvfs = "/ frsize=4096 blocks=100 bfree=50 bavail=40 files=0 ffree=0\n"
            + "/mnt frsize=4096 blocks=10 bfree=5 bavail=5 files=0 ffree=0\n";
        var beats = InTempRoot(mountinfo, diskstats, statvfs);

        Assert.Equal(["disk:/", "disk:/mnt", "io:sda1", "io:sdc"], beats[1].Metrics.Select(group => group.Name));
    }

    [Fact]
    public void The_first_sample_has_no_io_groups()
    {
        Assert.DoesNotContain(RunRates("steady")[0].Metrics, group => group.Name.StartsWith("io:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(
        "baremetal-16core", new[] { "io:dm-0", "io:dm-1", "io:dm-2", "io:nvme0n1p1", "io:nvme0n1p2", "io:sda1", "io:sdb1", "io:sdc1" })]
    [InlineData("container-alpine", new[] { "io:sda1" })]
    [InlineData("old-kernel-3.2", new[] { "io:sda1", "io:sda3" })]
    [InlineData("arm64-rpi4", new[] { "io:mmcblk0p1", "io:mmcblk0p2" })]
    [InlineData("debian12-vm", new[] { "io:vda" })]
    public void Io_is_reported_for_the_devices_behind_reported_mounts_by_their_diskstats_names(string host, string[] groups)
    {
        var clock = new FakeTimeProvider(Fixtures.Now);
        var context = new PluginContext(HostPaths.UnderRoot(Fixtures.Root(host)), clock);
        var plugin = new DiskPlugin(context, MountFilter.Default, FixtureFileSystemStats.ForHost(host));
        plugin.Collect(new BeatContent());
        clock.Advance(TimeSpan.FromSeconds(10));
        var beat = new BeatContent();

        plugin.Collect(beat);

        var io = beat.Metrics.Where(group => group.Name.StartsWith("io:", StringComparison.Ordinal)).ToList();
        Assert.Equal(groups, io.Select(group => group.Name));
        Assert.All(io, group => Assert.Equal(
            [("read_bps", 0.0), ("write_bps", 0.0)], group.Values.Select(metric => (metric.Name, metric.Value))));
    }

    [Fact]
    public void Without_diskstats_only_io_is_left_out()
    {
        var beats = InTempRoot(
            "27 1 8:1 / / rw - ext4 /dev/sda1 rw\n", diskstats: null, "/ frsize=4096 blocks=100 bfree=50 bavail=40 files=0 ffree=0\n");

        Assert.Equal(["disk:/"], beats[1].Metrics.Select(group => group.Name));
    }

    [Fact]
    public void A_missing_mountinfo_is_an_IOException_naming_the_path()
    {
        var context = new PluginContext(HostPaths.UnderRoot("/nonexistent-hbd-root"), TimeProvider.System);

        var error = Assert.ThrowsAny<IOException>(() => new DiskPlugin(context, MountFilter.Default).Collect(new BeatContent()));

        Assert.Contains("/nonexistent-hbd-root/proc/self/mountinfo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_mountinfo_is_an_IOException_naming_the_path()
    {
        var context = Fixtures.Context("malformed");

        var error = Assert.ThrowsAny<IOException>(() => new DiskPlugin(context, MountFilter.Default).Collect(new BeatContent()));

        Assert.Contains(context.Paths.ProcFile("self/mountinfo"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statvfs_of_the_real_root_reports_a_size()
    {
        if (!OperatingSystem.IsLinux())
            return;

        Assert.True(new LibcFileSystemStats().TryGet("/", out var stats));

        Assert.True(stats.SizeBytes > 0);
        Assert.True(stats.FragmentSize > 0);
        Assert.False(new LibcFileSystemStats().TryGet("/nonexistent-hbd-root", out _));
    }

    private static BeatContent Collect(string host, MountFilter? filter = null)
    {
        var beat = new BeatContent();
        new DiskPlugin(Fixtures.Context(host), filter ?? MountFilter.Default, FixtureFileSystemStats.ForHost(host)).Collect(beat);
        return beat;
    }

    private static List<BeatContent> RunRates(string name) => SnapshotSequence.Run(
        "disk-rates",
        name,
        (context, snapshots) => new DiskPlugin(
            context, MountFilter.Default, FixtureFileSystemStats.Load(Path.Combine(snapshots, "statvfs.txt"), context.Paths)));

    // Two samples 10 s apart of one literal host.
    private static List<BeatContent> InTempRoot(string mountinfo, string? diskstats, string statvfs)
    {
        var root = Directory.CreateTempSubdirectory("hbd-disk-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "proc", "self"));
            File.WriteAllText(Path.Combine(root.FullName, "proc", "self", "mountinfo"), mountinfo);
            if (diskstats is not null)
                File.WriteAllText(Path.Combine(root.FullName, "proc", "diskstats"), diskstats);
            File.WriteAllText(Path.Combine(root.FullName, "statvfs.txt"), statvfs);
            var paths = HostPaths.UnderRoot(root.FullName);
            var clock = new FakeTimeProvider(Fixtures.Now);
            var stats = FixtureFileSystemStats.Load(Path.Combine(root.FullName, "statvfs.txt"), paths);
            var plugin = new DiskPlugin(new PluginContext(paths, clock), MountFilter.Default, stats);
            var beats = new List<BeatContent> { new(), new() };
            plugin.Collect(beats[0]);
            clock.Advance(TimeSpan.FromSeconds(10));
            plugin.Collect(beats[1]);
            return beats;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
