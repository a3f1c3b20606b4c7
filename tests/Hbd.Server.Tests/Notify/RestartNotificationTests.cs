using Hbd.Common;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Tests.Hosts;
using Hbd.Server.Tests.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Server.Tests.Notify;

/// <summary>
/// A restart of hbd on the test's own clock, through the registry, the router and the store writer into a real outbox: the
/// hosts known from before get a full down_after before any is declared down, so the restart itself notifies nobody.
/// </summary>
public sealed class RestartNotificationTests : IDisposable
{
    private readonly TempDataDir _dir = new();
    private readonly SqliteStore _store;
    private readonly RegistryFixture _f = new();
    private readonly StoreWriter _writer;

    public RestartNotificationTests()
    {
        _store = new SqliteStore(_dir.File("hbd.db"));
        _store.Open();
        var options = NotifyOptions.None with { Webhook = new WebhookSettings(new Uri("http://127.0.0.1:9/hook"), null) };
        options = options with { Rules = NotifyOptions.DefaultRules(options.Channels) };
        var router = new NotificationRouter(options, [], null,
            host => _f.Registry.TryGet(host, out var entry) ? HostStates.Name(entry.State) : null);
        _writer = new StoreWriter(_store, _f.Registry, _f.Feed, new CommitFeed(new CommittedHosts()), _f.Time,
            new JournalRetention(TimeSpan.FromDays(30), 100_000), new StoreHealth(), NullLogger<StoreWriter>.Instance, router, new NotificationSignal());
    }

    public void Dispose()
    {
        _writer.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Hosts_from_before_a_restart_notify_nobody_until_a_full_down_after_has_passed()
    {
        // hbd was stopped for ten minutes: 40 hosts were up then, 5 down.
        for (var i = 0; i < 40; i++)
            _f.Registry.Restore(RegistryFixture.Stored($"web{i:D2}", HostState.Up));
        for (var i = 0; i < 5; i++)
            _f.Registry.Restore(RegistryFixture.Stored($"old{i}", HostState.Down));
        _f.Registry.AddWatchHosts();

        // Until down_after (4 × the 10 s interval) after the start, 25 of the up hosts and one of the down ones beat again.
        for (var round = 0; round < 4; round++)
        {
            BeatAgain((ulong)round);
            _f.Advance(TimeSpan.FromSeconds(round < 3 ? 10 : 9));
        }
        BeatAgain(4);
        _writer.Flush();
        var early = await Outbox();
        Assert.Equal(["old0 is up again"], early.Select(r => r.Row.Message.Title));

        // At down_after the 15 silent up hosts are declared down (the 4 down before stay down, silently): more than the
        // default outage threshold (10) at once: the first 10 are told one by one, the eleventh brings the outage summary, and
        // the rest join it silently.
        _f.Advance(TimeSpan.FromSeconds(2));
        _writer.Flush();
        var journal = _store.QueryJournal(new JournalQuery(Kinds: [JournalKinds.HostDown]));
        Assert.Equal(15, journal.Count);
        var titles = (await Outbox()).Select(r => r.Row.Message.Title).ToList();
        Assert.Equal(10, titles.Count(t => t.EndsWith(" is down", StringComparison.Ordinal)));
        Assert.Equal("Outage: 11 hosts down within 1m", Assert.Single(titles, t => t.StartsWith("Outage", StringComparison.Ordinal)));
        Assert.Equal(12, titles.Count);
        Assert.DoesNotContain(titles, t => t.StartsWith("old", StringComparison.Ordinal) && t.EndsWith(" is down", StringComparison.Ordinal));
    }

    private void BeatAgain(ulong sequence)
    {
        for (var i = 0; i < 25; i++)
            _f.Beat($"web{i:D2}", run: 2, seq: sequence);
        _f.Beat("old0", run: 2, seq: sequence);
    }

    private async Task<IReadOnlyList<OutboxEntry>> Outbox() => await _store.QueryOutboxAsync(new OutboxQuery(Limit: 1000));
}
