using Hbd.Server.Config;
using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Hbd.Server.Silences;
using Hbd.Server.Tests.Store;

namespace Hbd.Server.Tests.Notify;

/// <summary>The router's decisions, on the test's own clock: rules, silences, classes, flapping, outages and reminders.</summary>
public sealed class NotificationRouterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly NotifyOptions TwoChannels = WithRules(new NotifyOptions
    {
        Pushover = new PushoverSettings(PushoverSettings.DefaultServer, "t", "u"),
        Webhook = new WebhookSettings(new Uri("http://127.0.0.1:9/hook"), null),
        PublicUrl = new Uri("https://mon.example.org/"),
    });

    private readonly Dictionary<string, string> _states = new(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void By_default_down_and_up_go_to_every_channel_and_late_is_journaled_only()
    {
        var router = Router(TwoChannels);

        var down = Route(router, Down("web1", T0));
        var late = Route(router, Entry("web2", JournalKinds.HostLate, "warning", T0));
        var up = Route(router, Entry("web1", JournalKinds.HostUp, "ok", T0.AddMinutes(5)));

        Assert.Equal(["pushover", "webhook"], Single(down).Notify.Select(m => m.Channel));
        Assert.Empty(Single(late).Notify);
        Assert.Equal(["pushover", "webhook"], Single(up).Notify.Select(m => m.Channel));
        var message = Single(down).Notify[0].Message;
        Assert.Equal(("host_down", "web1", "down", "critical", "web1 is down"), (message.Event, message.Host, message.State, message.Level, message.Title));
        Assert.Equal("https://mon.example.org/hosts/web1", message.Url);
        Assert.Contains("no heartbeat for", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_critical_level_is_notified_and_so_is_its_clearing_but_not_a_warning()
    {
        var router = Router(TwoChannels);

        Assert.Empty(Single(Route(router, Level("web1", "warning", T0))).Notify);
        Assert.Equal(2, Single(Route(router, Level("web1", "critical", T0.AddSeconds(10)))).Notify.Count);
        Assert.Equal(2, Single(Route(router, Level("web1", "ok", T0.AddSeconds(20)))).Notify.Count);
        Assert.Empty(Single(Route(router, Level("web1", "warning", T0.AddSeconds(30)))).Notify);
    }

    [Fact]
    public void Rules_route_events_by_host_pattern_and_level_to_their_channels()
    {
        var options = TwoChannels with
        {
            Rules =
            [
                new NotifyRule(Set(JournalKinds.HostDown), [HostNamePattern.TryCreate("db*", out _)!], null, ["pushover"]),
                new NotifyRule(Set(JournalKinds.LevelChanged, JournalKinds.Message), [], Hbd.Common.AlertLevel.Warning, ["webhook"]),
            ],
        };
        var router = Router(options);

        Assert.Equal(["pushover"], Single(Route(router, Down("db1", T0))).Notify.Select(m => m.Channel));
        Assert.Empty(Single(Route(router, Down("web1", T0))).Notify);
        Assert.Equal(["webhook"], Single(Route(router, Level("web1", "warning", T0))).Notify.Select(m => m.Channel));
        Assert.Empty(Single(Route(router, Entry("web1", JournalKinds.Message, null, T0))).Notify); // no level: below warning
        Assert.Empty(Single(Route(router, Entry("db1", JournalKinds.HostUp, "ok", T0))).Notify);
    }

    [Fact]
    public async Task A_silenced_host_and_a_class_with_notify_false_are_journaled_and_not_notified()
    {
        using var dir = new TempDataDir();
        using var store = new Hbd.Server.Store.Sqlite.SqliteStore(dir.File("hbd.db"));
        store.Open();
        await store.AddSilenceAsync(new Silence(0, ["web1"], T0.AddHours(1), "maintenance", T0, "test"), T0);
        var silences = new ActiveSilences(store);
        var laptops = new HostClass("laptops", [HostNamePattern.TryCreate("laptop-*", out _)!], Notify: false);
        var router = new NotificationRouter(TwoChannels, [laptops], silences, h => _states.GetValueOrDefault(h));

        Assert.Empty(Single(Route(router, Down("web1", T0))).Notify);
        Assert.Empty(Single(Route(router, Down("laptop-7", T0))).Notify);
        Assert.Equal(2, Single(Route(router, Down("web2", T0))).Notify.Count);
        Assert.Equal(2, Single(Route(router, Down("web1", T0.AddHours(2)))).Notify.Count); // the silence ended
    }

    [Fact]
    public void A_flapping_host_gets_one_message_then_quiet_until_stable_for_a_window()
    {
        var router = Router(TwoChannels with { FlapCount = 3, FlapWindow = TimeSpan.FromMinutes(10) });
        var routed = new List<RoutedEntry>();
        for (var i = 0; i < 3; i++)
            routed.AddRange(Route(router, i % 2 == 0 ? Down("web1", T0.AddMinutes(i)) : Up("web1", T0.AddMinutes(i))));
        Assert.All(routed, r => Assert.Equal(2, r.Notify.Count));

        var fourth = Route(router, Up("web1", T0.AddMinutes(3)));
        Assert.Equal([JournalKinds.HostUp, NotifyEvents.Flapping], fourth.Select(r => r.Entry.Kind));
        Assert.Empty(fourth[0].Notify);
        Assert.Equal(2, fourth[1].Notify.Count);
        Assert.Contains("4 state changes within 10m", fourth[1].Entry.Text, StringComparison.Ordinal);

        Assert.Empty(Single(Route(router, Down("web1", T0.AddMinutes(8)))).Notify);
        _states["web1"] = "down";
        Assert.Empty(Tick(router, T0.AddMinutes(17)));
        var over = Single(Tick(router, T0.AddMinutes(18)));
        Assert.Equal((NotifyEvents.FlappingOver, 2), (over.Entry.Kind, over.Notify.Count));
        Assert.Contains("stable again: down", over.Entry.Text, StringComparison.Ordinal);
        Assert.Equal(2, Single(Route(router, Up("web1", T0.AddMinutes(40)))).Notify.Count);
    }

    [Fact]
    public void Many_hosts_down_at_once_become_one_outage_summary_and_their_recoveries_one_more()
    {
        var router = Router(TwoChannels with { OutageThreshold = 3, OutageWindow = TimeSpan.FromSeconds(60), FlapCount = 0 });
        var first = Enumerable.Range(1, 3).Select(i => Route(router, Down($"h{i}", T0.AddSeconds(i)))).ToList();
        Assert.All(first, r => Assert.Equal(2, Single(r).Notify.Count));

        var fourth = Route(router, Down("h4", T0.AddSeconds(10)));
        Assert.Equal([JournalKinds.HostDown, NotifyEvents.Outage], fourth.Select(r => r.Entry.Kind));
        Assert.Empty(fourth[0].Notify);
        Assert.Equal(2, fourth[1].Notify.Count);
        Assert.StartsWith("4 hosts down within 1m\nh1, h2, h3, h4", fourth[1].Entry.Text, StringComparison.Ordinal);
        Assert.Equal("Outage: 4 hosts down within 1m", fourth[1].Notify[0].Message.Title);
        Assert.Empty(Single(Route(router, Down("h5", T0.AddSeconds(50)))).Notify); // joins the outage

        Assert.Empty(Single(Route(router, Up("h1", T0.AddMinutes(5)))).Notify);
        Assert.Empty(Single(Route(router, Up("h2", T0.AddMinutes(5).AddSeconds(10)))).Notify);
        Assert.Empty(Tick(router, T0.AddMinutes(5).AddSeconds(30)));
        var partial = Single(Tick(router, T0.AddMinutes(6).AddSeconds(15)));
        Assert.Equal(NotifyEvents.OutageOver, partial.Entry.Kind);
        Assert.StartsWith("2 of 5 hosts back up\nh1, h2\nstill down: h3, h4, h5", partial.Entry.Text, StringComparison.Ordinal);

        foreach (var host in new[] { "h3", "h4", "h5" })
            Assert.Empty(Single(Route(router, Up(host, T0.AddMinutes(9)))).Notify);
        var all = Single(Tick(router, T0.AddMinutes(9)));
        Assert.StartsWith("all 5 hosts back up", all.Entry.Text, StringComparison.Ordinal);
        Assert.Equal("ok", all.Entry.Level);

        // The outage is over: a host going down later is a host going down.
        Assert.Equal(2, Single(Route(router, Down("h9", T0.AddHours(1)))).Notify.Count);
    }

    [Fact]
    public void A_host_that_stays_down_is_reminded_every_repeat_after_until_it_is_up()
    {
        var router = Router(TwoChannels with { RepeatAfter = TimeSpan.FromHours(4) });
        Route(router, Down("web1", T0));
        _states["web1"] = "down";

        Assert.Empty(Tick(router, T0.AddHours(3)));
        var first = Single(Tick(router, T0.AddHours(4)));
        Assert.Equal((NotifyEvents.StillDown, 1), (first.Entry.Kind, first.Notify[0].Message.Repeat));
        Assert.Equal("web1 is still down", first.Notify[0].Message.Title);
        Assert.Contains("for 4h", first.Entry.Text, StringComparison.Ordinal);
        Assert.Equal(2, Single(Tick(router, T0.AddHours(8))).Notify[0].Message.Repeat);

        _states["web1"] = "up";
        Route(router, Up("web1", T0.AddHours(9)));
        Assert.Empty(Tick(router, T0.AddHours(12)));
    }

    [Fact]
    public void Without_repeat_after_there_are_no_reminders()
    {
        var router = Router(TwoChannels);
        Route(router, Down("web1", T0));
        _states["web1"] = "down";
        Assert.Empty(Tick(router, T0.AddDays(3)));
    }

    private NotificationRouter Router(NotifyOptions options) => new(options, [], null, h => _states.GetValueOrDefault(h));

    private static NotifyOptions WithRules(NotifyOptions options) => options with { Rules = NotifyOptions.DefaultRules(options.Channels) };

    private static HashSet<string> Set(params string[] events) => new(events, StringComparer.Ordinal);

    private static List<RoutedEntry> Route(NotificationRouter router, JournalEntry entry)
    {
        var output = new List<RoutedEntry>();
        router.Route(entry, output);
        return output;
    }

    private static List<RoutedEntry> Tick(NotificationRouter router, DateTimeOffset now)
    {
        var output = new List<RoutedEntry>();
        router.Tick(now, output);
        return output;
    }

    private static RoutedEntry Single(List<RoutedEntry> routed) => Assert.Single(routed);

    private static JournalEntry Down(string host, DateTimeOffset time) =>
        Entry(host, JournalKinds.HostDown, "critical", time, $"{host} is down: no heartbeat for 40s");

    private static JournalEntry Up(string host, DateTimeOffset time) =>
        Entry(host, JournalKinds.HostUp, "ok", time, $"{host} is up again after 1m down");

    private static JournalEntry Level(string host, string level, DateTimeOffset time) =>
        Entry(host, JournalKinds.LevelChanged, level, time, $"{host} level ? → {level}");

    private static JournalEntry Entry(string host, string kind, string? level, DateTimeOffset time, string? text = null) =>
        new(0, time, host, kind, level, text ?? $"{host}: {kind}");
}
