using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Api;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Tests.Hosts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Server.Tests.Store;

public sealed class StoreWriterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TempDataDir _dir = new();
    private readonly SqliteStore _store;
    private readonly RegistryFixture _f = new();
    private readonly CommitFeed _commits = new(new CommittedHosts());
    private readonly StoreWriter _writer;

    public StoreWriterTests()
    {
        _store = new SqliteStore(_dir.File("hbd.db"));
        _store.Open();
        _writer = NewWriter(_f);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Flush_writes_host_changes_to_the_journal()
    {
        _f.Beat("web1", seq: 0, source: RegistryFixture.Source("192.0.2.10"));
        _f.Beat("web1", seq: 1, level: AlertLevel.Critical, source: RegistryFixture.Source("192.0.2.11"));
        _f.Registry.PostMessage("web1", "disk replaced", "192.0.2.11");

        _writer.Flush();

        var journal = _store.QueryJournal(new JournalQuery());
        Assert.Equal([JournalKinds.Message, JournalKinds.LevelChanged, JournalKinds.AddressChanged, JournalKinds.HostNew],
            journal.Select(e => e.Kind));
        Assert.All(journal, e => Assert.Equal("web1", e.Host));
        Assert.Equal("disk replaced", journal[0].Text);
    }

    [Fact]
    public void Flush_writes_dirty_hosts()
    {
        _f.Beat(_f.NewBeat("web1", seq: 0, intervalSeconds: 30, level: AlertLevel.Warning) with
        {
            Inventory = new Dictionary<string, object?> { ["os"] = "linux" },
        });
        _f.Beat("web2", seq: 4);

        _writer.Flush();

        var hosts = _store.LoadHosts().ToDictionary(h => h.Name);
        Assert.Equal(["web1", "web2"], hosts.Keys.Order());
        var web1 = hosts["web1"];
        var now = _f.Time.GetUtcNow();
        var nowMs = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()); // the store keeps milliseconds
        Assert.Equal(("up", (byte)AlertLevel.Warning, "192.0.2.10", TimeSpan.FromSeconds(30)),
            (web1.State, web1.Level, web1.Address, web1.Interval));
        Assert.Equal(((DateTimeOffset?)nowMs, (DateTimeOffset?)nowMs, nowMs, (DateTimeOffset?)nowMs),
            (web1.FirstSeen, web1.LastSeen, web1.StateSince, web1.InventoryAt));
        Assert.Equal((1UL, 0UL, now.ToUnixTimeMilliseconds()), (web1.RunId, web1.Sequence, web1.SentAtUnixMs));
        Assert.Equal("linux", HeartbeatReader.ReadInventory(web1.Inventory!)["os"]);
        Assert.Equal("web1", HeartbeatReader.ReadBody(_store.LoadBody("web1")!).HostName);
        Assert.Equal(4UL, hosts["web2"].Sequence);
        Assert.False(_f.Entry("web1").Dirty);
    }

    [Fact]
    public void Later_beats_update_the_stored_host()
    {
        _f.Beat("web1", seq: 0);
        _writer.Flush();
        _f.Time.Advance(TimeSpan.FromSeconds(10));
        _f.Beat("web1", seq: 1);
        _f.Beat("web1", seq: 2);

        _writer.Flush();

        var host = Assert.Single(_store.LoadHosts());
        Assert.Equal(2UL, host.Sequence);
        Assert.Equal(_f.Time.GetUtcNow().ToUnixTimeMilliseconds(), host.LastSeen!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void State_changes_by_the_scheduler_are_stored()
    {
        _f.Beat("web1", seq: 0);
        _f.Scheduler.RunDue(_f.Time.GetUtcNow());
        _writer.Flush();

        _f.Advance(TimeSpan.FromSeconds(20));
        _f.Advance(TimeSpan.FromSeconds(20));
        _writer.Flush();

        Assert.Equal("down", Assert.Single(_store.LoadHosts()).State);
        Assert.Equal([JournalKinds.HostDown, JournalKinds.HostLate, JournalKinds.HostNew],
            _store.QueryJournal(new JournalQuery()).Select(e => e.Kind));
    }

    [Fact]
    public void Removed_host_leaves_the_store()
    {
        _f.Beat("web1", seq: 0);
        _f.Beat("web2", seq: 0);
        _writer.Flush();

        _f.Registry.Remove("WEB1", "127.0.0.1");
        _writer.Flush();

        Assert.Equal(["web2"], _store.LoadHosts().Select(h => h.Name));
        Assert.Equal(JournalKinds.HostRemoved, _store.QueryJournal(new JournalQuery(Limit: 1))[0].Kind);
    }

    [Fact]
    public void Host_removed_before_the_flush_is_not_written()
    {
        _f.Beat("web1", seq: 0);
        _f.Registry.Remove("web1", "127.0.0.1");

        _writer.Flush();

        Assert.Empty(_store.LoadHosts());
    }

    [Fact]
    public void Appended_notes_are_journaled()
    {
        _writer.Append(new JournalEntry(0, _f.Time.GetUtcNow(), null, JournalKinds.ConfigReloaded, null, "configuration reloaded"));

        _writer.Flush();

        var entry = Assert.Single(_store.QueryJournal(new JournalQuery()));
        Assert.Equal((JournalKinds.ConfigReloaded, "configuration reloaded", (string?)null), (entry.Kind, entry.Text, entry.Host));
    }

    [Fact]
    public void A_failed_write_is_retried_with_nothing_lost()
    {
        _f.Beat("web1", seq: 0);
        _store.Dispose(); // writing now fails

        Assert.Throws<InvalidOperationException>(_writer.Flush);
        Assert.NotNull(_f.Entry("web1").Body); // not written: kept for the next try

        _store.Open();
        _writer.Flush();
        Assert.Single(_store.LoadHosts());
        Assert.NotNull(_store.LoadBody("web1"));
        Assert.Equal(JournalKinds.HostNew, Assert.Single(_store.QueryJournal(new JournalQuery())).Kind);
    }

    [Fact]
    public void Journal_entries_kept_over_a_failed_write_stay_in_order()
    {
        _f.Beat("web1", seq: 0);
        _writer.Append(new JournalEntry(0, _f.Time.GetUtcNow(), null, JournalKinds.ConfigReloaded, null, "reloaded"));
        _store.Dispose();
        Assert.Throws<InvalidOperationException>(_writer.Flush);
        _store.Open();
        _f.Time.Advance(TimeSpan.FromSeconds(1));
        _f.Beat("web1", seq: 1, level: AlertLevel.Critical);

        _writer.Flush();

        Assert.Equal([JournalKinds.LevelChanged, JournalKinds.ConfigReloaded, JournalKinds.HostNew],
            _store.QueryJournal(new JournalQuery()).Select(e => e.Kind));
    }

    [Fact]
    public void A_removal_that_failed_to_write_is_retried()
    {
        _f.Beat("web1", seq: 0);
        _writer.Flush();
        _f.Registry.Remove("web1", "127.0.0.1");
        _store.Dispose();

        Assert.Throws<InvalidOperationException>(_writer.Flush);

        _store.Open();
        _writer.Flush();
        Assert.Empty(_store.LoadHosts());
        Assert.Equal(JournalKinds.HostRemoved, _store.QueryJournal(new JournalQuery(Limit: 1))[0].Kind);
    }

    [Fact]
    public void Writes_into_a_read_only_database_are_counted_until_one_goes_through()
    {
        // As a file without write permission or on a read-only mount is opened; as root, chmod would stop nothing.
        using var readOnly = new SqliteStore(_store.Path, SqliteOpenMode.ReadOnly);
        readOnly.Open();
        var store = new SwitchableStore(readOnly);
        var health = new StoreHealth();
        var logger = new ListLogger<StoreWriter>();
        using var writer = NewWriter(_f, store: store, health: health, logger: logger);
        _f.Beat("web1", seq: 0);
        _f.Registry.PostMessage("web1", "disk replaced", null);
        var firstTry = _f.Time.GetUtcNow();

        for (var i = 0; i < 5; i++)
        {
            var e = Assert.Throws<SqliteException>(writer.Flush);
            Assert.Contains("attempt to write a readonly database", e.Message, StringComparison.Ordinal);
            _f.Time.Advance(StoreWriter.FlushInterval);
        }

        var failing = health.Current;
        Assert.Equal((null, firstTry, 5, 2),
            (failing.LastWrite, failing.FailingSince, failing.ConsecutiveFailures, failing.PendingJournal));
        Assert.Contains("attempt to write a readonly database", failing.LastError, StringComparison.Ordinal);
        Assert.True(failing.IsUnhealthy(_f.Time.GetUtcNow()));
        Assert.Empty(_store.LoadHosts());

        store.Current = _store; // writable again
        writer.Flush();

        Assert.Equal(new StoreHealthSnapshot(_f.Time.GetUtcNow(), null, 0, null, 0), health.Current);
        Assert.Single(_store.LoadHosts());
        Assert.Equal([JournalKinds.Message, JournalKinds.HostNew], _store.QueryJournal(new JournalQuery()).Select(e => e.Kind));
        Assert.Equal(2, logger.Messages.Count);
        Assert.EndsWith("not written: SQLite Error 8: 'attempt to write a readonly database'.", logger.Messages[0],
            StringComparison.Ordinal);
        Assert.Equal("store writes recovered after 1s; nothing was lost", logger.Messages[1]);
    }

    [Fact]
    public void While_writes_fail_at_most_journal_max_entries_wait_and_the_newest_are_written()
    {
        using var readOnly = new SqliteStore(_store.Path, SqliteOpenMode.ReadOnly);
        readOnly.Open();
        var store = new SwitchableStore(readOnly);
        var health = new StoreHealth();
        using var writer = NewWriter(_f, new JournalRetention(TimeSpan.FromDays(30), 50), store: store, health: health);

        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 30; i++)
                _f.Registry.PostMessage("web1", $"{round}/{i}", null);
            Assert.Throws<SqliteException>(writer.Flush);
            Assert.True(health.Current.PendingJournal <= 50, $"round {round}: {health.Current.PendingJournal} waiting");
        }

        store.Current = _store;
        writer.Flush();
        var kept = _store.QueryJournal(new JournalQuery(Limit: 1000));
        Assert.Equal(50, kept.Count);
        Assert.Equal(("19/29", "18/10"), (kept[0].Text, kept[^1].Text));
    }

    [Fact]
    public async Task A_tracked_entry_completes_with_its_id_in_the_flush_that_commits_it()
    {
        _writer.Append(new JournalEntry(0, _f.Time.GetUtcNow(), null, JournalKinds.Message, null, "untracked"));
        var tracked = _writer.AppendTracked(new JournalEntry(0, _f.Time.GetUtcNow(), "web1", JournalKinds.Message, "ok", "tracked"));
        Assert.False(tracked.IsCompleted);

        _writer.Flush();

        var entry = await tracked.WaitAsync(Patience);
        Assert.Equal(_store.QueryJournal(new JournalQuery(Limit: 1))[0], entry);
        Assert.Equal("tracked", entry.Text);
    }

    [Fact]
    public async Task A_tracked_entry_waits_through_failed_writes_and_fails_if_newer_entries_push_it_out()
    {
        using var readOnly = new SqliteStore(_store.Path, SqliteOpenMode.ReadOnly);
        readOnly.Open();
        var store = new SwitchableStore(readOnly);
        using var writer = NewWriter(_f, new JournalRetention(TimeSpan.FromDays(30), 3), store: store);
        var pushedOut = writer.AppendTracked(new JournalEntry(0, _f.Time.GetUtcNow(), null, JournalKinds.Message, null, "first"));
        Assert.Throws<SqliteException>(writer.Flush);
        var kept = writer.AppendTracked(new JournalEntry(0, _f.Time.GetUtcNow(), null, JournalKinds.Message, null, "second"));
        Assert.Throws<SqliteException>(writer.Flush);
        Assert.False(kept.IsCompleted);

        for (var i = 0; i < 2; i++)
            _f.Registry.PostMessage("web1", $"newer {i}", null);
        store.Current = _store;
        writer.Flush();

        await Assert.ThrowsAsync<InvalidOperationException>(() => pushedOut.WaitAsync(Patience));
        Assert.Equal("second", (await kept.WaitAsync(Patience)).Text);
    }

    [Fact]
    public void Nothing_to_write_leaves_the_figures_as_they_were()
    {
        var health = new StoreHealth();
        using var writer = NewWriter(_f, health: health);
        _f.Beat("web1", seq: 0);
        writer.Flush();
        var written = health.Current;

        _f.Time.Advance(TimeSpan.FromSeconds(10));
        writer.Flush();

        Assert.Equal(written, health.Current);
        Assert.Equal(_f.Time.GetUtcNow() - TimeSpan.FromSeconds(10), written.LastWrite);
    }

    [Fact]
    public async Task Stopping_while_writes_fail_says_what_is_not_written()
    {
        using var readOnly = new SqliteStore(_store.Path, SqliteOpenMode.ReadOnly);
        readOnly.Open();
        var logger = new ListLogger<StoreWriter>();
        using var writer = NewWriter(_f, store: readOnly, logger: logger);
        await writer.StartAsync(CancellationToken.None);
        _f.Beat("web1", seq: 0);

        await writer.StopAsync(CancellationToken.None);

        Assert.StartsWith("stopping while store writes fail; not written: the latest host states and journal entries (1)",
            logger.Messages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Host_removed_and_back_before_a_flush_stays_in_the_store()
    {
        _f.Beat("web1", seq: 0);
        _writer.Flush();
        _f.Registry.Remove("web1", "127.0.0.1");
        _f.Beat("web1", seq: 0);

        _writer.Flush();

        Assert.Equal(["web1"], _store.LoadHosts().Select(h => h.Name));
    }

    [Fact]
    public void Restored_host_keeps_replay_state_and_inventory()
    {
        _f.Beat(_f.NewBeat("web1", run: 77, seq: 0) with { Inventory = new Dictionary<string, object?> { ["os"] = "linux" } });
        for (ulong seq = 1; seq <= 5; seq++)
            _f.Beat("web1", run: 77, seq: seq);
        _writer.Flush();

        // A new server on the same store, an hour later.
        var restarted = new RegistryFixture(time: new FakeTimeProvider(_f.Time.GetUtcNow() + TimeSpan.FromHours(1)));
        foreach (var host in _store.LoadHosts())
            restarted.Registry.Restore(HostSnapshots.Restore(host));

        var entry = restarted.Entry("web1");
        Assert.Equal((HostState.Unknown, HostState.Up), (entry.State, entry.StoredState));
        Assert.Equal("linux", HeartbeatReader.ReadInventory(entry.Inventory!)["os"]);
        Assert.Null(entry.Body); // in the store, not held again
        Assert.Equal(5UL, HeartbeatReader.ReadBody(_store.LoadBody("web1")!).Sequence);
        Assert.Equal(BeatOutcome.Replayed, restarted.Beat("web1", run: 77, seq: 3));
        Assert.Equal(BeatOutcome.Replayed, restarted.Beat("web1", run: 77, seq: 5));
        Assert.Equal(HostState.Unknown, entry.State);
        // The stored run goes on: the next sequence is taken, signed or not.
        Assert.Equal(BeatOutcome.Accepted, restarted.Beat("web1", run: 77, seq: 6, checkClock: true));
        Assert.Equal(HostState.Up, entry.State);
        Assert.Empty(restarted.Changes()); // up before, up again: nothing to announce
    }

    [Fact]
    public void The_read_model_restored_from_the_rows_is_what_the_restored_entries_give()
    {
        // Up, warning, with an inventory; one late and one down by the time of the flush; one heard from an IPv6 address.
        _f.Beat(_f.NewBeat("web1", run: 7, seq: 0, level: AlertLevel.Warning) with
        {
            Inventory = new Dictionary<string, object?> { ["os"] = new Dictionary<string, object?> { ["pretty_name"] = "Debian GNU/Linux 12" } },
        });
        _f.Beat(_f.NewBeat("db1", seq: 0, intervalSeconds: 1) with { Metrics = [new("cpu", [new("usage", 42.5)])] });
        _f.Beat("cache1", seq: 0, intervalSeconds: 2);
        _f.Beat(_f.NewBeat("v6"), RegistryFixture.Source("2001:db8::7"));
        _f.Advance(TimeSpan.FromSeconds(4));
        _writer.Flush();

        var restarted = new RegistryFixture(new MonitorSettings { WatchHosts = ["ghost"] },
            new FakeTimeProvider(_f.Time.GetUtcNow() + TimeSpan.FromHours(1)));
        var model = new CommittedHosts();
        HostRestore.Run(_store.LoadHosts(), restarted.Registry, model);

        // What a model made from the restored entries' own snapshots holds, field by field; their load is the store's alone
        // (entries hold no body once it is stored), checked after.
        var fromEntries = new CommittedHosts();
        fromEntries.Load(restarted.Registry.All.Select(HostSnapshots.Snapshot));
        Assert.Equal(5, model.Count);
        foreach (var expected in fromEntries.All)
        {
            Assert.True(model.TryGet(expected.Name, out var record));
            Assert.Equal(HostViews.Summary(expected) with { Summary = new() }, HostViews.Summary(record) with { Summary = new() });
            Assert.Equal((expected.Inventory, expected.InventoryAt, expected.Level), (record.Inventory, record.InventoryAt, record.Level));
        }
        Assert.Equal(42.5, model.TryGet("db1", out var db1) ? db1.Load.CpuShown : null);
        Assert.Equal(["cache1", "db1", "ghost", "v6", "web1"], model.All.Select(r => r.Name).Order());
        Assert.Equal("Debian GNU/Linux 12", model.TryGet("web1", out var web1) ? web1.Os : null);
    }

    [Fact]
    public void Without_a_consumer_of_bodies_the_store_reads_each_body_from_its_entry_uncopied()
    {
        var commits = new CommitFeed(new CommittedHosts(store: _store));
        using var writer = NewWriter(_f, commits: commits);
        using var watcher = commits.Subscribe(16);
        _f.Beat(_f.NewBeat("web1", seq: 3) with { Metrics = [new("cpu", [new("usage", 12.5)])] });

        writer.Flush();

        Assert.True(watcher.Reader.TryRead(out var batch));
        Assert.Empty(batch.Beats);
        Assert.Equal(3UL, HeartbeatReader.ReadBody(_store.LoadBody("web1")!).Sequence);
        Assert.Null(_f.Entry("web1").Body);
        Assert.Equal(12.5, commits.Hosts.TryGet("web1", out var record) ? record.Load.CpuShown : null);
    }

    [Fact]
    public void A_consumer_of_bodies_gets_a_copy_of_each()
    {
        var commits = new CommitFeed(new CommittedHosts(store: _store));
        using var writer = NewWriter(_f, commits: commits);
        using var history = commits.Subscribe(16, beats: true);
        _f.Beat("web1", seq: 3);

        writer.Flush();

        Assert.True(history.Reader.TryRead(out var batch));
        Assert.Equal(3UL, HeartbeatReader.ReadBody(Assert.Single(batch.Beats).Body!).Sequence);
        Assert.Null(_f.Entry("web1").Body);
    }

    [Fact]
    public void A_beat_that_replaces_an_uncopied_body_during_the_write_is_written_by_the_next()
    {
        var commits = new CommitFeed(new CommittedHosts(store: _store));
        var store = new BeforeWriteStore(_store);
        using var writer = NewWriter(_f, store: store, commits: commits);
        _f.Beat("web1", seq: 1);
        writer.Flush();
        _f.Beat("web1", seq: 2);
        store.BeforeWrite = () => _f.Beat("web1", seq: 3); // between the row's taking and its write

        writer.Flush();

        // Written without a body, the stored one holds; the entry keeps the newer one, dirty, for the next write.
        Assert.Equal(1UL, HeartbeatReader.ReadBody(_store.LoadBody("web1")!).Sequence);
        Assert.NotNull(_f.Entry("web1").Body);
        store.BeforeWrite = null;
        writer.Flush();
        Assert.Equal(3UL, HeartbeatReader.ReadBody(_store.LoadBody("web1")!).Sequence);
        Assert.Null(_f.Entry("web1").Body);
    }

    private sealed class BeforeWriteStore(IStore inner) : SwitchableStore(inner)
    {
        public Action? BeforeWrite { get; set; }

        public override IReadOnlyList<JournalEntry> Write(StoreBatch batch)
        {
            BeforeWrite?.Invoke();
            return base.Write(batch);
        }
    }

    [Fact]
    public void A_flush_writes_every_pending_host_in_writes_of_a_bounded_size()
    {
        using var watcher = _commits.Subscribe(16);
        var hosts = StoreWriter.MaxHostsPerWrite * 2 + 5;
        for (var i = 0; i < hosts; i++)
            _f.Beat($"h{i}", seq: 0);

        _writer.Flush();

        Assert.Equal(hosts, _store.LoadHosts().Count);
        var batches = new List<CommittedBatch>();
        while (watcher.Reader.TryRead(out var batch))
            batches.Add(batch);
        Assert.Equal([StoreWriter.MaxHostsPerWrite, StoreWriter.MaxHostsPerWrite, 5], batches.Select(b => b.Hosts.Count));
        // The new hosts' journal entries go with the first.
        Assert.Equal(hosts, batches[0].Journal.Count);
        Assert.Equal([1L, 2L, 3L], batches.Select(b => b.Sequence));
    }

    [Fact]
    public void An_entry_lets_go_of_its_body_once_the_store_has_it()
    {
        _f.Beat("web1", seq: 0);
        var entry = _f.Entry("web1");
        Assert.NotNull(entry.Body);

        _writer.Flush();

        Assert.Null(entry.Body);
        Assert.NotNull(_store.LoadBody("web1"));
        // A change of state alone writes the row again and keeps the stored body.
        _f.Advance(TimeSpan.FromSeconds(20));
        _writer.Flush();
        Assert.Equal("late", Assert.Single(_store.LoadHosts()).State);
        Assert.Equal(0UL, HeartbeatReader.ReadBody(_store.LoadBody("web1")!).Sequence);
    }

    [Fact]
    public void Restored_run_cannot_be_replaced_by_an_older_signed_run()
    {
        _f.Beat("web1", run: 77, seq: 0, checkClock: true);
        _writer.Flush();
        var sentAt = _f.Time.GetUtcNow();

        var restarted = new RegistryFixture(time: new FakeTimeProvider(sentAt + TimeSpan.FromSeconds(30)));
        foreach (var host in _store.LoadHosts())
            restarted.Registry.Restore(HostSnapshots.Restore(host));

        var older = restarted.Beat("web1", run: 12, seq: 9, checkClock: true, sentAt: sentAt - TimeSpan.FromSeconds(1));
        Assert.Equal(BeatOutcome.Stale, older);
        Assert.Equal(BeatOutcome.Accepted, restarted.Beat("web1", run: 78, seq: 0, checkClock: true));
    }

    [Fact]
    public void A_stored_send_time_in_the_future_does_not_keep_the_host_out_after_a_restart()
    {
        _f.Beat("web1", run: 77, seq: 0, sentAt: DateTimeOffset.MaxValue); // unsigned, before a key was set
        _writer.Flush();

        var restarted = new RegistryFixture(time: new FakeTimeProvider(_f.Time.GetUtcNow() + TimeSpan.FromMinutes(1)));
        foreach (var host in _store.LoadHosts())
            restarted.Registry.Restore(HostSnapshots.Restore(host));

        Assert.Equal(BeatOutcome.Accepted, restarted.Beat("web1", run: 78, seq: 0, checkClock: true));
        Assert.Equal(HostState.Up, restarted.StateOf("web1"));
    }

    [Fact]
    public void Each_commit_is_published_with_its_journal_ids_and_host_snapshots()
    {
        using var subscription = _commits.Subscribe(16);
        _f.Beat("web1", seq: 0);
        _f.Registry.PostMessage("web1", "disk replaced", null);
        _writer.Flush();
        _writer.Flush(); // nothing new: nothing published
        _f.Registry.Remove("web1", "127.0.0.1");
        _writer.Flush();

        Assert.True(subscription.Reader.TryRead(out var first));
        Assert.Equal(1, first.Sequence);
        var stored = _store.QueryJournal(new JournalQuery()).ToDictionary(e => e.Id);
        Assert.Equal([JournalKinds.HostNew, JournalKinds.Message], first.Journal.Select(e => e.Kind));
        Assert.All(first.Journal, e => Assert.Equal(stored[e.Id], e));
        var host = Assert.Single(first.Hosts);
        Assert.Equal(("web1", HostState.Up), (host.Name, host.State));
        Assert.True(subscription.Reader.TryRead(out var second));
        Assert.Equal(2L, second.Sequence);
        Assert.Equal(["web1"], second.Removed);
        Assert.Equal(stored[second.Journal.Single().Id], second.Journal.Single());
        Assert.False(subscription.Reader.TryRead(out _));
        Assert.False(_commits.Hosts.TryGet("web1", out _));
    }

    [Fact]
    public void A_failed_write_publishes_nothing()
    {
        using var readOnly = new SqliteStore(_store.Path, SqliteOpenMode.ReadOnly);
        readOnly.Open();
        using var subscription = _commits.Subscribe(16);
        using var writer = NewWriter(_f, store: readOnly);
        _f.Beat("web1", seq: 0);

        Assert.Throws<SqliteException>(writer.Flush);

        Assert.False(subscription.Reader.TryRead(out _));
        Assert.Equal(0, _commits.Sequence);
    }

    [Fact]
    public void Each_flush_keeps_the_journal_within_journal_max_entries()
    {
        var f = new RegistryFixture();
        using var writer = NewWriter(f, new JournalRetention(TimeSpan.FromDays(30), 5));
        for (var i = 0; i < 20; i++)
            f.Registry.PostMessage("web1", $"message {i}", null);

        writer.Flush();

        var kept = _store.QueryJournal(new JournalQuery());
        Assert.Equal(["message 19", "message 18", "message 17", "message 16", "message 15"], kept.Select(e => e.Text));
    }

    [Fact]
    public async Task Stopping_flushes_what_came_in_before()
    {
        await _writer.StartAsync(CancellationToken.None);
        _f.Beat("web1", seq: 0);

        await _writer.StopAsync(CancellationToken.None);

        Assert.Single(_store.LoadHosts());
        Assert.Single(_store.QueryJournal(new JournalQuery()));
    }

    [Fact]
    public async Task Running_writer_flushes_on_its_timer()
    {
        await _writer.StartAsync(CancellationToken.None);
        try
        {
            _f.Beat("web1", seq: 0);
            await Until(() => _store.LoadHosts().Count == 1, () => _f.Time.Advance(StoreWriter.FlushInterval));
            Assert.Single(_store.QueryJournal(new JournalQuery()));
        }
        finally
        {
            await _writer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Running_writer_prunes_the_journal_by_retention()
    {
        using var writer = NewWriter(_f, new JournalRetention(TimeSpan.FromDays(1), 3));
        var now = _f.Time.GetUtcNow();
        double[] hoursAgo = [48, 36, 25, 20, 10, 5, 1, 0]; // three past a day old, then five within it
        _store.Write(new StoreBatch([], hoursAgo
            .Select(h => new JournalEntry(0, now - TimeSpan.FromHours(h), "web1", JournalKinds.Message, null, $"{h}h ago"))
            .ToList(), []));

        await writer.StartAsync(CancellationToken.None);
        try
        {
            // The first prune comes a minute after start, then hourly.
            await Until(() => _store.QueryJournal(new JournalQuery()).Count == 3, () => _f.Time.Advance(TimeSpan.FromSeconds(15)));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
        // Age takes the three over a day old, count all but the newest three.
        Assert.Equal(["0h ago", "1h ago", "5h ago"], _store.QueryJournal(new JournalQuery()).Select(e => e.Text));
    }

    private StoreWriter NewWriter(RegistryFixture f, JournalRetention? retention = null, IStore? store = null,
        StoreHealth? health = null, Microsoft.Extensions.Logging.ILogger<StoreWriter>? logger = null, CommitFeed? commits = null) =>
        new(store ?? _store, f.Registry, f.Feed, commits ?? _commits, f.Time, retention ?? new JournalRetention(TimeSpan.FromDays(30), 100_000),
            health ?? new StoreHealth(), logger ?? NullLogger<StoreWriter>.Instance);

    /// <summary>Polls until <paramref name="done"/>, nudging the fake clock between looks; fails after <see cref="Patience"/>.</summary>
    private static async Task Until(Func<bool> done, Action nudge)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the store writer did not get there in time");
            nudge();
            await Task.Delay(10);
        }
    }
}
