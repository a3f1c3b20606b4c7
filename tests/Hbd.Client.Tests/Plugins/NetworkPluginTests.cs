using Hbd.Client.Linux;
using Hbd.Client.Plugins;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests.Plugins;

public sealed class NetworkPluginTests
{
    [Theory]
    [InlineData("steady")]
    [InlineData("counter-backwards")]
    [InlineData("interface-disappears")]
    [InlineData("no-time-passed")]
    public void Each_snapshot_sequence_gives_the_expected_output(string name)
    {
        Assert.Equal(SnapshotSequence.Expected("net-rates", name), SnapshotSequence.Render(RunRates(name)));
    }

    [Fact]
    public void The_first_sample_has_no_groups()
    {
        Assert.Empty(RunRates("steady")[0].Metrics);
    }

    [Fact]
    public void Rates_are_per_second_over_the_time_between_samples()
    {
        // proc2 to proc3 is 15 s: 13,500,000 bytes received, 10,001 packets, 7 drops.
        var eth0 = SnapshotSequence.Values(RunRates("steady")[3], "net:eth0");

        Assert.Equal(900000, eth0["rx_bps"]);
        Assert.Equal(667, eth0["rx_pps"]);
        Assert.Equal(0.47, eth0["drops"]);
        Assert.Equal(0.07, eth0["errors"]);
    }

    [Fact]
    public void A_counter_that_wraps_skips_only_its_own_rate()
    {
        var eth0 = SnapshotSequence.Values(RunRates("counter-backwards")[2], "net:eth0");

        Assert.Equal(["tx_bps", "rx_pps", "tx_pps", "errors", "drops"], eth0.Keys);
    }

    [Fact]
    public void An_interface_whose_counters_all_restart_has_no_group_for_that_sample()
    {
        var beats = RunRates("counter-backwards");

        Assert.Equal(["net:eth0"], beats[2].Metrics.Select(group => group.Name));
        Assert.Equal(1000, SnapshotSequence.Values(beats[3], "net:eth1")["rx_bps"]);
    }

    [Fact]
    public void An_interface_that_comes_back_starts_afresh()
    {
        var beats = RunRates("interface-disappears");

        Assert.DoesNotContain(beats[2].Metrics, group => group.Name == "net:veth1a2b3c");
        Assert.DoesNotContain(beats[3].Metrics, group => group.Name == "net:veth1a2b3c");
        Assert.Equal(200, SnapshotSequence.Values(beats[4], "net:veth1a2b3c")["rx_bps"]);
    }

    [Fact]
    public void Reports_every_interface_but_lo_including_those_that_are_down()
    {
        Assert.Equal(
            ["net:bond0", "net:br0", "net:docker0", "net:eth0", "net:eth1", "net:veth3f2a1b7", "net:virbr0", "net:wg0"],
            TwoSamples("baremetal-16core", NetworkPlugin.Create).Metrics.Select(group => group.Name));
    }

    [Theory]
    [InlineData("debian12-vm", new[] { "net:eth0", "net:ifb0", "net:ifb1" })]
    [InlineData("container-alpine", new[] { "net:eth0" })]
    [InlineData("old-kernel-3.2", new[] { "net:eth0" })]
    [InlineData("arm64-rpi4", new[] { "net:eth0", "net:wlan0" })]
    public void Reports_the_interfaces_of_each_fixture_host(string host, string[] groups)
    {
        var beat = TwoSamples(host, NetworkPlugin.Create);

        Assert.Equal(groups, beat.Metrics.Select(group => group.Name));
        Assert.All(beat.Metrics, group => Assert.Equal(
            ["rx_bps", "tx_bps", "rx_pps", "tx_pps", "errors", "drops"], group.Values.Select(metric => metric.Name)));
    }

    [Fact]
    public void Exclude_replaces_the_default_so_lo_may_be_reported()
    {
        var settings = new PluginSettings([new("exclude", new List<object?> { "veth*", "docker0", "virbr?" })]);

        Assert.Equal(
            ["net:bond0", "net:br0", "net:eth0", "net:eth1", "net:lo", "net:wg0"],
            TwoSamples("baremetal-16core", (context, _) => NetworkPlugin.Create(context, settings)).Metrics.Select(group => group.Name));
    }

    [Fact]
    public void Include_reports_only_the_matching_interfaces_that_are_not_excluded()
    {
        var settings = new PluginSettings([new("include", new List<object?> { "eth*", "bond0", "lo" })]);

        Assert.Equal(
            ["net:bond0", "net:eth0", "net:eth1"],
            TwoSamples("baremetal-16core", (context, _) => NetworkPlugin.Create(context, settings)).Metrics.Select(group => group.Name));
    }

    [Fact]
    public void A_missing_net_dev_is_an_IOException_naming_the_path()
    {
        var context = new PluginContext(HostPaths.UnderRoot("/nonexistent-hbd-root"), TimeProvider.System);

        var error = Assert.ThrowsAny<IOException>(() => NetworkPlugin.Create(context, PluginSettings.Empty).Collect(new BeatContent()));

        Assert.Contains("/nonexistent-hbd-root/proc/net/dev", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_net_dev_is_an_IOException_naming_the_path()
    {
        var context = Fixtures.Context("malformed");

        var error = Assert.ThrowsAny<IOException>(() => NetworkPlugin.Create(context, PluginSettings.Empty).Collect(new BeatContent()));

        Assert.Contains(context.Paths.ProcFile("net/dev"), error.Message, StringComparison.Ordinal);
    }

    private static List<BeatContent> RunRates(string name) =>
        SnapshotSequence.Run("net-rates", name, (context, _) => NetworkPlugin.Create(context, PluginSettings.Empty));

    // The second of two samples 10 s apart of an unchanging fixture host: every rate 0.
    private static BeatContent TwoSamples(string host, Func<PluginContext, PluginSettings, NetworkPlugin> create)
    {
        var clock = new FakeTimeProvider(Fixtures.Now);
        var plugin = create(new PluginContext(HostPaths.UnderRoot(Fixtures.Root(host)), clock), PluginSettings.Empty);
        plugin.Collect(new BeatContent());
        clock.Advance(TimeSpan.FromSeconds(10));
        var beat = new BeatContent();
        plugin.Collect(beat);
        return beat;
    }
}
