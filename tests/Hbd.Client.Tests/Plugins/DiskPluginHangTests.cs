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
        var plugin = new DiskPlugin(Fixtures.Context("baremetal-16core"), MountFilter.Default, stats, TimeSpan.FromMilliseconds(100));

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
}
