using System.Globalization;
using Hbd.Client.Linux;
using Hbd.Client.Plugins;
using Hbd.Common.Protocol;

namespace Hbd.Client.Tests.Plugins;

/// <summary>Rates as in Telegraf's testcases: fixtures/cpu-rates/&lt;case&gt;/proc0, proc1 … with expected.out.</summary>
public sealed class CpuPluginTests
{
    [Theory]
    [InlineData("steady")]
    [InlineData("counter-backwards")]
    [InlineData("core-offline")]
    [InlineData("no-time-passed")]
    public void Each_snapshot_sequence_gives_the_expected_output(string name)
    {
        Assert.Equal(Expected(name), Run(name).SelectMany((beat, sample) => beat.Metrics.Select(group => Render(sample, group))));
    }

    [Fact]
    public void First_sample_reports_only_load_and_cores()
    {
        var beat = Run("steady")[0];

        var group = Assert.Single(beat.Metrics);
        Assert.Equal("cpu", group.Name);
        Assert.Equal(["load1", "load5", "load15", "cores"], group.Values.Select(metric => metric.Name));
    }

    [Fact]
    public void Usage_is_the_busy_share_of_all_cpu_time_since_the_previous_sample()
    {
        var cpu = Values(Run("steady")[1], "cpu");

        // 550 of 2000 jiffies busy (steal counts as busy), 100 in iowait, 50 stolen.
        Assert.Equal(27.5, cpu["usage"]);
        Assert.Equal(5, cpu["iowait"]);
        Assert.Equal(2.5, cpu["steal"]);
    }

    [Fact]
    public void Percentages_are_rounded_to_a_tenth()
    {
        var beat = Run("steady")[2];

        Assert.Equal(33.3, Values(beat, "cpu:0")["usage"]);
        Assert.Equal(66.7, Values(beat, "cpu:1")["usage"]);
    }

    [Fact]
    public void Usage_is_skipped_when_counters_go_backwards()
    {
        var beats = Run("counter-backwards");

        var afterReset = Values(beats[3], "cpu");
        Assert.False(afterReset.ContainsKey("usage"));
        Assert.False(afterReset.ContainsKey("iowait"));
        Assert.False(afterReset.ContainsKey("steal"));
        Assert.Equal(2, afterReset["cores"]);
        Assert.Single(beats[3].Metrics);
    }

    [Fact]
    public void Rates_resume_against_the_sample_that_went_backwards()
    {
        var beat = Run("counter-backwards")[4];

        Assert.Equal(25, Values(beat, "cpu")["usage"]);
        Assert.Equal(50, Values(beat, "cpu:0")["usage"]);
        Assert.Equal(0, Values(beat, "cpu:1")["usage"]);
    }

    [Fact]
    public void Core_usage_is_skipped_for_the_core_whose_counters_go_backwards()
    {
        var beat = Run("counter-backwards")[2];

        Assert.Equal(["cpu", "cpu:0"], beat.Metrics.Select(group => group.Name));
        Assert.Equal(45.9, Values(beat, "cpu")["usage"]);
    }

    [Fact]
    public void Rates_are_skipped_when_a_core_goes_offline_or_comes_back()
    {
        var beats = Run("core-offline");

        Assert.Equal(3, Values(beats[2], "cpu")["cores"]);
        Assert.False(Values(beats[2], "cpu").ContainsKey("usage"));
        Assert.Single(beats[2].Metrics);
        Assert.Equal(["cpu", "cpu:0", "cpu:1", "cpu:3"], beats[3].Metrics.Select(group => group.Name));
        Assert.False(Values(beats[4], "cpu").ContainsKey("usage"));
        Assert.Equal(4, Values(beats[4], "cpu")["cores"]);
    }

    [Fact]
    public void Nothing_elapsed_gives_no_rates_rather_than_a_division_by_zero()
    {
        var beats = Run("no-time-passed");

        Assert.False(Values(beats[1], "cpu").ContainsKey("usage"));
        Assert.Equal(10, Values(beats[2], "cpu")["usage"]);
    }

    [Fact]
    public void Per_core_groups_need_the_per_core_option()
    {
        var beats = Run("steady", perCore: false);

        Assert.All(beats, beat => Assert.Equal(["cpu"], beat.Metrics.Select(group => group.Name)));
        Assert.Equal(27.5, Values(beats[1], "cpu")["usage"]);
    }

    [Theory]
    [InlineData("debian12-vm", 2, 0.28)]
    [InlineData("baremetal-16core", 16, 3.17)]
    [InlineData("container-alpine", 4, 0.42)]
    public void Reports_cores_and_load_of_a_fixture_host(string host, int cores, double load1)
    {
        var beat = new BeatContent();

        new CpuPlugin(Fixtures.Context(host), perCore: true).Collect(beat);

        var cpu = Values(beat, "cpu");
        Assert.Equal(cores, cpu["cores"]);
        Assert.Equal(load1, cpu["load1"]);
    }

    [Fact]
    public void A_missing_proc_stat_is_an_IOException_naming_the_path()
    {
        var context = new PluginContext(HostPaths.UnderRoot("/nonexistent-hbd-root"), TimeProvider.System);

        var error = Assert.ThrowsAny<IOException>(() => new CpuPlugin(context, perCore: false).Collect(new BeatContent()));

        Assert.Contains("/nonexistent-hbd-root/proc/stat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_proc_stat_is_an_IOException_naming_the_path()
    {
        var context = Fixtures.Context("malformed");

        var error = Assert.ThrowsAny<IOException>(() => new CpuPlugin(context, perCore: false).Collect(new BeatContent()));

        Assert.Contains(context.Paths.ProcFile("stat"), error.Message, StringComparison.Ordinal);
    }

    // Each snapshot is copied over the same proc/ directory, as the kernel rewrites /proc between two reads.
    private static List<BeatContent> Run(string name, bool perCore = true)
    {
        var snapshots = Fixtures.Root(Path.Combine("cpu-rates", name));
        var root = Directory.CreateTempSubdirectory("hbd-cpu-");
        try
        {
            var proc = Directory.CreateDirectory(Path.Combine(root.FullName, "proc"));
            var plugin = new CpuPlugin(new PluginContext(HostPaths.UnderRoot(root.FullName), TimeProvider.System), perCore);
            var beats = new List<BeatContent>();
            for (var i = 0; Directory.Exists(Path.Combine(snapshots, $"proc{i}")); i++)
            {
                foreach (var file in Directory.GetFiles(Path.Combine(snapshots, $"proc{i}")))
                    File.Copy(file, Path.Combine(proc.FullName, Path.GetFileName(file)), overwrite: true);
                var beat = new BeatContent();
                plugin.Collect(beat);
                beats.Add(beat);
            }
            Assert.NotEmpty(beats);
            return beats;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static List<string> Expected(string name) =>
        File.ReadLines(Path.Combine(Fixtures.Root(Path.Combine("cpu-rates", name)), "expected.out"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

    // "0.###" shows a missing rounding to 0.1 % or 0.01 load as extra digits.
    private static string Render(int sample, MetricGroup group) =>
        $"{sample} {group.Name} "
        + string.Join(' ', group.Values.Select(metric => $"{metric.Name}={metric.Value.ToString("0.###", CultureInfo.InvariantCulture)}"));

    private static Dictionary<string, double> Values(BeatContent beat, string group) =>
        beat.Metrics.Single(g => g.Name == group).Values.ToDictionary(metric => metric.Name, metric => metric.Value);
}
