using Hbd.Client.Linux;
using Hbd.Client.Plugins;
using Hbd.Common;

namespace Hbd.Client.Tests.Plugins;

public sealed class DiskPluginHangTests
{
    /// <summary>The fixture's values, except that one mount blocks like a dead NFS server until released.</summary>
    private sealed class HangingStats(IFileSystemStats inner, string hangingMount, ManualResetEventSlim release) : IFileSystemStats
    {
        public int CallsToHanging;

        public bool TryGet(string path, out FileSystemStats stats)
        {
            if (path.EndsWith("baremetal-16core" + hangingMount, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref CallsToHanging);
                release.Wait();
            }
            return inner.TryGet(path, out stats);
        }
    }

    [Fact]
    public void A_hung_mount_is_unknown_the_others_are_measured_and_it_is_not_asked_again_until_it_answers()
    {
        using var release = new ManualResetEventSlim();
        var stats = new HangingStats(FixtureFileSystemStats.ForHost("baremetal-16core"), "/backup", release);
        // A budget the answering mounts meet on a machine busy with other tests; the hung one never does.
        var plugin = new DiskPlugin(Fixtures.Context("baremetal-16core"), MountFilter.Default, stats, TimeSpan.FromMilliseconds(600));

        var first = new BeatContent();
        plugin.Collect(first);
        var hung = Assert.Single(first.Checks);
        Assert.Equal(("disk:/backup", AlertLevel.Unknown), (hung.Name, hung.Level));
        Assert.Contains("no answer", hung.Message, StringComparison.Ordinal);
        Assert.Contains(first.Metrics, g => g.Name == "disk:/");
        Assert.DoesNotContain(first.Metrics, g => g.Name == "disk:/backup");

        var second = new BeatContent();
        plugin.Collect(second);
        Assert.Equal("disk:/backup", Assert.Single(second.Checks).Name);
        Assert.Equal(1, Volatile.Read(ref stats.CallsToHanging)); // the stuck call is not joined by another

        release.Set();
        Assert.True(SpinWait.SpinUntil(() =>
        {
            var later = new BeatContent();
            plugin.Collect(later);
            return later.Checks.Count == 0 && later.Metrics.Any(g => g.Name == "disk:/backup");
        }, TimeSpan.FromSeconds(10)));
    }
    /// <summary>The fixture's values, except that the given mounts block until released.</summary>
    private sealed class ManyHangingStats(IFileSystemStats inner, string[] hangingMounts, ManualResetEventSlim release) : IFileSystemStats
    {
        public int CallsToHanging;

        public bool TryGet(string path, out FileSystemStats stats)
        {
            if (hangingMounts.Any(mount => path.EndsWith("baremetal-16core" + mount, StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref CallsToHanging);
                release.Wait();
            }
            return inner.TryGet(path, out stats);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void Hung_mounts_are_waited_for_together_within_one_budget_and_the_others_keep_their_groups(int count)
    {
        // Sorted first, so that waiting for them one after another would also starve the mounts behind them.
        var hanging = new[] { "/backup", "/boot", "/boot/efi", "/home", "/mnt/media", "/srv/photo archive" }[..count];
        using var release = new ManualResetEventSlim();
        var stats = new ManyHangingStats(FixtureFileSystemStats.ForHost("baremetal-16core"), hanging, release);
        var plugin = new DiskPlugin(Fixtures.Context("baremetal-16core"), MountFilter.Default, stats, TimeSpan.FromMilliseconds(600));

        var first = new BeatContent();
        plugin.Collect(first);

        Assert.Equal(1, plugin.DeadlinesReached); // one budget for the beat, not one per hung mount
        Assert.Equal(hanging.Select(mount => "disk:" + mount).Order(StringComparer.Ordinal),
            first.Checks.Where(c => c.Level == AlertLevel.Unknown).Select(c => c.Name).Order(StringComparer.Ordinal));
        foreach (var answering in new[] { "/", "/var", "/srv", "/var/www" })
            Assert.Contains(first.Metrics, g => g.Name == "disk:" + answering);
        Assert.DoesNotContain(first.Metrics, g => hanging.Contains(g.Name["disk:".Length..]));

        for (var beat = 0; beat < 3; beat++)
            plugin.Collect(new BeatContent());
        Assert.Equal(count, Volatile.Read(ref stats.CallsToHanging)); // a pending call is reused, not joined by another
        Assert.InRange(plugin.GuardThreads, count, count + 1); // one per stuck call and one spare, however many beats
        Assert.Equal(1, plugin.DeadlinesReached); // later beats do not wait for a call already known to be out
        release.Set();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Usage_groups_stay_when_diskstats_cannot_be_read(bool blocks)
    {
        if (blocks && !OperatingSystem.IsLinux())
            return; // a FIFO needs mkfifo
        var root = Directory.CreateTempSubdirectory("hbc-diskstats-").FullName;
        try
        {
            CopyTree(Fixtures.Root("baremetal-16core"), root);
            File.Delete(Path.Combine(root, "proc", "diskstats"));
            var diskstats = Path.Combine(root, "proc", "diskstats");
            if (blocks)
                MakeFifo(diskstats); // opening it blocks until a writer comes
            else
                Directory.CreateDirectory(diskstats); // reading it fails with an I/O error
            var paths = HostPaths.UnderRoot(root);
            var plugin = new DiskPlugin(new PluginContext(paths, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Fixtures.Now)),
                MountFilter.Default, FixtureFileSystemStats.Load(Path.Combine(root, "statvfs.txt"), paths));

            for (var beat = 0; beat < 2; beat++)
            {
                var content = new BeatContent();
                plugin.Collect(content);
                Assert.Contains(content.Metrics, g => g.Name == "disk:/");
                Assert.Contains(content.Metrics, g => g.Name == "disk:/var");
                Assert.DoesNotContain(content.Metrics, g => g.Name.StartsWith("io:", StringComparison.Ordinal));
            }
            if (blocks)
                File.WriteAllText(diskstats, ""); // lets the stuck read return
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
