using Hbd.Common;
using Hbd.Server.Hosts;

namespace Hbd.Server.Tests.Hosts;

/// <summary>HostRegistry.ApplyPing: what a heartbeat does to a host's state, without a body.</summary>
public sealed class HostRegistryPingTests
{
    [Fact]
    public void A_first_ping_makes_the_host_up_and_ok_with_its_interval_and_address()
    {
        var f = new RegistryFixture();

        Assert.Equal(PingOutcome.Accepted, f.Registry.ApplyPing("cron1", "192.0.2.7", TimeSpan.FromMinutes(5)));

        var added = Assert.IsType<HostAdded>(Assert.Single(f.Changes()));
        Assert.Equal(("cron1", "192.0.2.7", AlertLevel.Ok), (added.Host, added.Address, added.Level));
        var entry = f.Entry("cron1");
        Assert.Equal((HostState.Up, AlertLevel.Ok, TimeSpan.FromMinutes(5), "192.0.2.7"), (entry.State, entry.Level, entry.Interval, entry.Address));
        Assert.Equal((f.Time.GetUtcNow(), f.Time.GetUtcNow()), (entry.FirstSeen, entry.LastSeen));
        Assert.True(entry.Dirty);
    }

    [Fact]
    public void A_pinged_host_goes_late_then_down_by_its_interval_and_a_ping_brings_it_back()
    {
        var f = new RegistryFixture();
        f.Registry.ApplyPing("cron1", "192.0.2.7", TimeSpan.FromSeconds(30));
        f.Changes();

        f.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HostState.Late, f.StateOf("cron1"));
        f.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HostState.Down, f.StateOf("cron1"));
        f.Registry.ApplyPing("cron1", "192.0.2.7", TimeSpan.FromSeconds(30));

        Assert.Equal(HostState.Up, f.StateOf("cron1"));
        var back = Assert.IsType<HostStateChanged>(f.Changes()[^1]);
        Assert.Equal((HostState.Down, HostState.Up), (back.From, back.To));
    }

    [Fact]
    public void A_ping_lets_go_of_the_last_beats_metrics_keeps_the_inventory_and_sets_the_level_ok()
    {
        var f = new RegistryFixture();
        f.Beat(f.NewBeat("web1", level: AlertLevel.Critical) with { Inventory = new Dictionary<string, object?> { ["os"] = "linux" } });
        f.Changes();

        f.Registry.ApplyPing("web1", "192.0.2.10", TimeSpan.FromSeconds(60));

        var entry = f.Entry("web1");
        Assert.Equal(0, entry.Body!.Value.Length);
        Assert.NotNull(entry.Inventory);
        Assert.Equal((AlertLevel.Ok, TimeSpan.FromSeconds(60)), (entry.Level, entry.Interval));
        var level = Assert.IsType<HostLevelChanged>(Assert.Single(f.Changes()));
        Assert.Equal((AlertLevel.Critical, AlertLevel.Ok), (level.From, level.To));
    }

    [Fact]
    public void A_beat_after_a_ping_from_elsewhere_is_an_address_change_even_from_the_beats_old_source()
    {
        var f = new RegistryFixture();
        f.Beat("web1", seq: 0, source: RegistryFixture.Source("192.0.2.10"));
        f.Registry.ApplyPing("web1", "198.51.100.3", TimeSpan.FromSeconds(10));
        f.Changes();

        f.Beat("web1", seq: 1, source: RegistryFixture.Source("192.0.2.10"));

        Assert.Equal("192.0.2.10", f.Entry("web1").Address);
        var moved = Assert.IsType<HostAddressChanged>(Assert.Single(f.Changes()));
        Assert.Equal(("198.51.100.3", "192.0.2.10"), (moved.From, moved.To));
    }

    [Fact]
    public void A_new_host_past_max_hosts_is_refused_and_a_known_one_still_taken()
    {
        var f = new RegistryFixture(MonitorSettings.Defaults with { MaxHosts = 1 });
        f.Registry.ApplyPing("cron1", "192.0.2.7", TimeSpan.FromSeconds(60));

        Assert.Equal(PingOutcome.HostLimit, f.Registry.ApplyPing("cron2", "192.0.2.7", TimeSpan.FromSeconds(60)));
        Assert.Equal(PingOutcome.Accepted, f.Registry.ApplyPing("CRON1", "192.0.2.7", TimeSpan.FromSeconds(60)));
        Assert.Equal(1, f.Registry.Count);
    }
}
