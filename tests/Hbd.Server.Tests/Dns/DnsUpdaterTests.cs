using System.Net;
using Hbd.Server.Commits;
using Hbd.Server.Dns;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Server.Tests.Dns;

/// <summary>
/// The updater's reconciliation, with a DNS server held in hand: the newest address wins over one in flight, at most
/// dns_max_inflight at once, and at start a record that is already right is left alone.
/// </summary>
public sealed class DnsUpdaterTests : IAsyncDisposable
{
    private readonly CommitFeed _feed = new(new CommittedHosts());
    private readonly RecordingJournal _journal = new();
    private DnsUpdater? _updater;

    [Fact]
    public async Task An_address_change_while_an_update_is_in_flight_ends_with_the_newest_address()
    {
        var server = new FakeDnsServer(open: false);
        var states = await StartAsync(server, Options("home1"));

        Publish(("home1", "192.0.2.2"));
        await Until(() => server.Updates.Count == 1);
        Publish(("home1", "192.0.2.3"));
        Publish(("home1", "192.0.2.4"));
        await Task.Delay(100);
        Assert.Single(server.Updates); // one update per host in flight
        server.Open();

        await Until(() => states.View("home1")!.Synced);
        Assert.Equal(["192.0.2.2", "192.0.2.4"], server.Updates.Select(a => a.ToString()));
        Assert.Equal("192.0.2.4", states.View("home1")!.Address);
        Assert.Equal(["home1.dyn.test A 192.0.2.2 (was none)", "home1.dyn.test A 192.0.2.4 (was 192.0.2.2)"],
            _journal.Entries.Select(e => e.Text));
    }

    [Fact]
    public async Task At_most_dns_max_inflight_updates_are_in_flight_and_all_arrive()
    {
        var server = new FakeDnsServer(open: false);
        var hosts = Enumerable.Range(1, 20).Select(i => $"h{i}").ToArray();
        var states = await StartAsync(server, Options(hosts) with { MaxInflight = 3 });

        Publish([.. hosts.Select((h, i) => (h, $"192.0.2.{i + 1}"))]);
        await Until(() => server.InFlight == 3);
        await Task.Delay(100);
        Assert.Equal(3, server.MaxInFlight);
        server.Open();

        await Until(() => hosts.All(h => states.View(h)!.Synced));
        Assert.Equal(20, server.Updates.Count);
        Assert.Equal(3, server.MaxInFlight);
        Assert.Equal(20, states.Updated);
    }

    [Fact]
    public async Task A_host_that_is_done_gives_its_slot_back()
    {
        var server = new FakeDnsServer();
        var states = await StartAsync(server, Options("h1", "h2") with { MaxInflight = 1 });

        for (var i = 1; i <= 5; i++)
        {
            Publish(("h1", $"192.0.2.{i}"));
            await Until(() => states.View("h1")!.Address == $"192.0.2.{i}");
            await Task.Delay(20); // the task finds the host synced and ends
        }
        Publish(("h2", "192.0.2.99"));

        await Until(() => states.View("h2")!.Address == "192.0.2.99");
        Assert.Equal(6, server.Updates.Count);
    }

    [Fact]
    public async Task At_start_a_record_that_is_already_right_is_left_alone()
    {
        _feed.Hosts.Load([Snapshot("home1", "192.0.2.2")]);
        var server = new FakeDnsServer { Held = [IPAddress.Parse("192.0.2.2")] };

        var states = await StartAsync(server, Options("home1"));

        await Until(() => states.View("home1")!.Address == "192.0.2.2");
        Assert.True(states.View("home1")!.Synced);
        Assert.Equal(1, server.Queries);
        Assert.Empty(server.Updates);
        Assert.Empty(_journal.Entries);
    }

    [Fact]
    public async Task At_start_a_record_that_differs_is_corrected()
    {
        _feed.Hosts.Load([Snapshot("home1", "192.0.2.2")]);
        var server = new FakeDnsServer { Held = [IPAddress.Parse("192.0.2.9"), IPAddress.Parse("2001:db8::9")] };

        var states = await StartAsync(server, Options("home1"));

        await Until(() => states.View("home1")!.Address == "192.0.2.2");
        Assert.True(states.View("home1")!.Synced);
        Assert.Equal(["192.0.2.2"], server.Updates.Select(a => a.ToString()));
        Assert.Equal("home1.dyn.test A 192.0.2.2 (was 192.0.2.9, 2001:db8::9)", Assert.Single(_journal.Entries).Text);
        Assert.Equal(JournalKinds.DnsUpdated, _journal.Entries.Single().Kind);
    }

    [Fact]
    public async Task Hosts_without_dynamic_dns_and_unchanged_addresses_send_nothing()
    {
        var server = new FakeDnsServer();
        var states = await StartAsync(server, Options("home1"));

        Publish(("other", "192.0.2.7"));
        Publish(("home1", "192.0.2.2"));
        await Until(() => states.View("home1")!.Synced);
        Publish(("home1", "192.0.2.2"));
        await Task.Delay(100);

        Assert.Single(server.Updates);
        Assert.Null(states.View("other"));
    }

    private async Task<DnsStates> StartAsync(FakeDnsServer server, DnsOptions options)
    {
        var states = new DnsStates(options);
        _updater = new DnsUpdater(options, states, _feed, _journal, TimeProvider.System, NullLogger<DnsUpdater>.Instance, _ => server);
        await _updater.StartAsync(CancellationToken.None);
        return states;
    }

    private static DnsOptions Options(params string[] hosts) => new()
    {
        Hosts = hosts.ToDictionary(h => h, h => $"{h}.dyn.test", StringComparer.OrdinalIgnoreCase),
        Server = "127.0.0.1",
        Zone = "dyn.test",
        KeyName = "k",
        Secret = [1, 2, 3],
    };

    private void Publish(params (string Host, string Address)[] hosts) =>
        _feed.Publish(DateTimeOffset.UtcNow, [.. hosts.Select(h => Snapshot(h.Host, h.Address))], [], []);

    private static HostSnapshot Snapshot(string host, string address) =>
        new(new PersistedHost { Name = host, Address = address, State = "up" }, HostState.Up);

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_updater is not null)
        {
            await _updater.StopAsync(CancellationToken.None);
            _updater.Dispose();
        }
    }
}
