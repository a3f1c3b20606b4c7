using Hbd.Common;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;

namespace Hbd.Server.Tests.Journal;

public sealed class JournalTextTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_host_names_its_address_and_level()
    {
        var entry = JournalText.For(new HostAdded("web1", T, "192.0.2.10", AlertLevel.Warning));

        Assert.Equal(new JournalEntry(0, T, "web1", JournalKinds.HostNew, "warning", "new host web1 at 192.0.2.10, level warning"), entry);
    }

    [Fact]
    public void New_host_without_an_address_leaves_it_out()
    {
        var entry = JournalText.For(new HostAdded("web1", T, null, AlertLevel.Ok));

        Assert.Equal("new host web1, level ok", entry?.Text);
        Assert.Equal("ok", entry?.Level);
    }

    [Fact]
    public void Late_is_a_warning_with_the_silence()
    {
        var entry = JournalText.For(new HostStateChanged("web1", T, HostState.Up, HostState.Late, TimeSpan.FromSeconds(20)));

        Assert.Equal((JournalKinds.HostLate, "warning", "web1 is late: no heartbeat for 20s"), Parts(entry));
    }

    [Fact]
    public void Down_is_critical_with_the_silence()
    {
        var entry = JournalText.For(new HostStateChanged("web1", T, HostState.Late, HostState.Down, TimeSpan.FromSeconds(40)));

        Assert.Equal((JournalKinds.HostDown, "critical", "web1 is down: no heartbeat for 40s"), Parts(entry));
    }

    [Fact]
    public void Watched_host_never_seen_is_down_since_start()
    {
        var change = new HostStateChanged("db1", T, HostState.Unknown, HostState.Down, TimeSpan.FromMinutes(5), NeverSeen: true);
        var entry = JournalText.For(change);

        Assert.Equal((JournalKinds.HostDown, "critical", "db1 is down: never heard from, 5m0s after start"), Parts(entry));
    }

    [Theory]
    [InlineData(HostState.Down, "web1 is up again after 2h5m down")]
    [InlineData(HostState.Late, "web1 is up again after 2h5m late")]
    public void Up_again_says_how_long_and_from_what(HostState from, string text)
    {
        var entry = JournalText.For(new HostStateChanged("web1", T, from, HostState.Up, TimeSpan.FromMinutes(125)));

        Assert.Equal((JournalKinds.HostUp, "ok", text), Parts(entry));
    }

    [Fact]
    public void Level_change_carries_the_new_level()
    {
        var entry = JournalText.For(new HostLevelChanged("web1", T, AlertLevel.Ok, AlertLevel.Critical));

        Assert.Equal((JournalKinds.LevelChanged, "critical", "web1 level ok → critical"), Parts(entry));
    }

    [Fact]
    public void Address_change_names_the_new_address()
    {
        var entry = JournalText.For(new HostAddressChanged("web1", T, "192.0.2.10", "198.51.100.20"));

        Assert.Equal(JournalKinds.AddressChanged, entry?.Kind);
        Assert.Null(entry?.Level);
        Assert.Contains("198.51.100.20", entry?.Text, StringComparison.Ordinal);
        Assert.StartsWith("web1 ", entry?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_is_journaled_as_sent()
    {
        var entry = JournalText.For(new HostMessage("web1", T, "disk replaced in bay 2", "192.0.2.10"));

        Assert.Equal(new JournalEntry(0, T, "web1", JournalKinds.Message, null, "disk replaced in bay 2"), entry);
    }

    [Fact]
    public void Removal_from_loopback_names_the_address()
    {
        var entry = JournalText.For(new HostRemoved("web1", T, "127.0.0.1"));

        Assert.Equal((JournalKinds.HostRemoved, null, "web1 forgotten by 127.0.0.1"), Parts(entry));
    }

    [Fact]
    public void Removal_with_the_api_token_says_token()
    {
        var entry = JournalText.For(new HostRemoved("web1", T, "token"));

        Assert.Equal((JournalKinds.HostRemoved, null, "web1 forgotten by token"), Parts(entry));
    }

    [Fact]
    public void Every_entry_keeps_time_and_host_of_its_change()
    {
        HostChange[] changes =
        [
            new HostAdded("h", T, null, AlertLevel.Ok),
            new HostStateChanged("h", T, HostState.Up, HostState.Late, TimeSpan.Zero),
            new HostLevelChanged("h", T, AlertLevel.Ok, AlertLevel.Warning),
            new HostAddressChanged("h", T, null, "192.0.2.1"),
            new HostMessage("h", T, "x", null),
            new HostRemoved("h", T, "token"),
        ];
        foreach (var change in changes)
        {
            var entry = JournalText.For(change);
            Assert.NotNull(entry);
            Assert.Equal((0L, T, "h"), (entry.Id, entry.Time, entry.Host));
            Assert.False(string.IsNullOrWhiteSpace(entry.Text));
        }
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(0.4, "0s")]
    [InlineData(1, "1s")]
    [InlineData(42, "42s")]
    [InlineData(59, "59s")]
    [InlineData(59.4, "59s")]
    [InlineData(60, "1m0s")]
    [InlineData(192, "3m12s")]
    [InlineData(3599, "59m59s")]
    [InlineData(3600, "1h0m")]
    [InlineData(7500, "2h5m")]
    [InlineData(7559, "2h5m")] // seconds are dropped past an hour
    [InlineData(86399, "23h59m")]
    [InlineData(86400, "1d0h")]
    [InlineData(273600, "3d4h")]
    [InlineData(31536000, "365d0h")]
    public void Durations_read_as_people_say_them(double seconds, string text) =>
        Assert.Equal(text, Durations.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Negative_durations_read_as_zero() => Assert.Equal("0s", Durations.Format(TimeSpan.FromSeconds(-5)));

    [Fact]
    public void The_largest_duration_is_formatted() => Assert.EndsWith("h", Durations.Format(TimeSpan.MaxValue), StringComparison.Ordinal);

    [Fact]
    public void A_clock_ahead_is_named_with_the_skew_seen_and_allowed()
    {
        var entry = JournalText.For(new HostClockRejected("web1", T, (long)TimeSpan.FromDays(3650).TotalMilliseconds, false, TimeSpan.FromMinutes(5)));

        Assert.Equal((JournalKinds.ClockSkew, "warning",
            "web1: heartbeats dropped as stale: sent 3650d0h ahead of this server's clock (max_clock_skew 5m0s); check the agent's clock"),
            Parts(entry));
    }

    [Fact]
    public void A_send_time_at_the_end_of_time_is_named_without_overflow()
    {
        var entry = JournalText.For(new HostClockRejected("web1", T, long.MaxValue, false, TimeSpan.FromMinutes(5)));

        Assert.Contains("ahead of this server's clock", entry?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_run_older_than_the_latest_beat_is_named_as_a_possible_replay()
    {
        var entry = JournalText.For(new HostClockRejected("web1", T, -12_000, true, TimeSpan.FromMinutes(5)));

        Assert.Equal("web1: heartbeats of a new run dropped as stale: sent 12s before the latest beat accepted"
            + " (a replay of an older run, or the agent's clock went back)", entry?.Text);
    }

    private static (string? Kind, string? Level, string? Text) Parts(JournalEntry? entry) => (entry?.Kind, entry?.Level, entry?.Text);
}
