using Hbd.Client.Linux;
using Hbd.Client.Plugins;

namespace Hbd.Client.Tests.Plugins;

public sealed class MemoryPluginTests
{
    [Theory]
    [InlineData("debian12-vm", 24684096UL, 24370736UL, 1.3, 0UL, 0)]
    [InlineData("baremetal-16core", 65755292UL, 41230956UL, 37.3, 8388604UL, 12.5)]
    [InlineData("container-alpine", 2097152UL, 1790500UL, 14.6, 0UL, 0)]
    [InlineData("old-kernel-3.2", 4046148UL, 2624000UL, 35.1, 2095100UL, 25)]
    [InlineData("arm64-rpi4", 3885436UL, 3405120UL, 12.4, 102396UL, 0)]
    public void Reports_sizes_in_bytes_and_used_percentages(
        string host, ulong totalKb, ulong availableKb, double usedPct, ulong swapTotalKb, double swapUsedPct)
    {
        var beat = new BeatContent();

        new MemoryPlugin(Fixtures.Context(host)).Collect(beat);

        var group = Assert.Single(beat.Metrics);
        Assert.Equal("memory", group.Name);
        Assert.Equal(
            [("total", totalKb * 1024.0), ("available", availableKb * 1024.0), ("used_pct", usedPct),
             ("swap_total", swapTotalKb * 1024.0), ("swap_used_pct", swapUsedPct)],
            group.Values.Select(metric => (metric.Name, metric.Value)));
    }

    [Fact]
    public void Used_is_never_negative_when_available_exceeds_total()
    {
        var root = Directory.CreateTempSubdirectory("hbd-mem-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "proc"));
            File.WriteAllText(
                Path.Combine(root.FullName, "proc", "meminfo"),
                "MemTotal: 1000 kB\nMemAvailable: 1200 kB\nSwapTotal: 10 kB\nSwapFree: 20 kB\n");
            var beat = new BeatContent();

            new MemoryPlugin(new PluginContext(HostPaths.UnderRoot(root.FullName), TimeProvider.System)).Collect(beat);

            var values = beat.Metrics[0].Values.ToDictionary(metric => metric.Name, metric => metric.Value);
            Assert.Equal(0, values["used_pct"]);
            Assert.Equal(0, values["swap_used_pct"]);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_malformed_meminfo_is_an_IOException_naming_the_path()
    {
        var context = Fixtures.Context("malformed");

        var error = Assert.ThrowsAny<IOException>(() => new MemoryPlugin(context).Collect(new BeatContent()));

        Assert.Contains(context.Paths.ProcFile("meminfo"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_meminfo_is_an_IOException_naming_the_path()
    {
        var context = new PluginContext(HostPaths.UnderRoot("/nonexistent-hbd-root"), TimeProvider.System);

        var error = Assert.ThrowsAny<IOException>(() => new MemoryPlugin(context).Collect(new BeatContent()));

        Assert.Contains("/nonexistent-hbd-root/proc/meminfo", error.Message, StringComparison.Ordinal);
    }
}
