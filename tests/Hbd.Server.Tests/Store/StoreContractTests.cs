using System.Globalization;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Store;

/// <summary>
/// What every store backend must do, whatever it keeps data in: a backend's test class derives from this one and says how
/// to open its store; the SQLite one is <see cref="SqliteStoreTests"/>.
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero);

    private IStore? _store;

    private protected TempDataDir Dir { get; } = new();

    /// <summary>The store under test, opened on first use.</summary>
    protected IStore Store => _store ??= OpenStore();

    /// <summary>A new, empty store of the backend, opened.</summary>
    protected abstract IStore OpenStore();

    public virtual void Dispose()
    {
        _store?.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void A_row_written_without_a_body_keeps_the_stored_one()
    {
        var full = Full("web1");
        Store.Write(Batch(hosts: [full]));

        // A change of state alone: the row comes without a body.
        Store.Write(Batch(hosts: [full with { Body = null, State = "down" }]));
        Assert.Equal(full.Body, Store.LoadBody("web1"));
        Assert.Equal("down", Assert.Single(Store.LoadHosts()).State);

        // An HTTP ping: an empty body replaces the beat's.
        Store.Write(Batch(hosts: [full with { Body = [] }]));
        Assert.Equal([], Store.LoadBody("web1")!);
        Assert.Null(Store.LoadBody("nowhere"));
    }

    [Fact]
    public void Loaded_hosts_carry_the_load_of_their_stored_body()
    {
        var beat = new Hbd.Common.Protocol.HeartbeatEncoder().Encode(new Hbd.Common.Protocol.Heartbeat
        {
            HostName = "web1",
            RunId = 1,
            Sequence = 1,
            SentAt = T0,
            Metrics = [new("cpu", [new("usage", 12.5)]), new("disk:/", [new("used_pct", 81)])],
        }).ToArray();
        Assert.Equal(Hbd.Common.Protocol.DecodeStatus.Ok, Hbd.Common.Protocol.HeartbeatDecoder.TryDecode(beat, out var frame));

        Store.Write(Batch(hosts: [Full("web1") with { Body = frame.Body.ToArray() }, Full("db1") with { Body = null }]));
        var loaded = Store.LoadHosts().ToDictionary(h => h.Name);

        Assert.Equal((12.5, (double?)null, 81.0), (loaded["web1"].Load.CpuShown, loaded["web1"].Load.MemoryShown, loaded["web1"].Load.DiskShown));
        Assert.Equal(HostLoad.None, loaded["db1"].Load);
    }

    [Fact]
    public void Hosts_round_trip_every_field()
    {
        var full = Full("web1");
        var bare = new PersistedHost { Name = "db1", State = "unknown", StateSince = T0 };

        Store.Write(Batch(hosts: [full, bare]));
        var loaded = Store.LoadHosts().ToDictionary(h => h.Name);

        AssertSameHost(full, loaded["web1"]);
        AssertSameHost(bare, loaded["db1"]);
        Assert.True(loaded["web1"].RunId > long.MaxValue);
        Assert.True(loaded["web1"].Sequence > long.MaxValue);
        Assert.Null(loaded["db1"].FirstSeen);
        Assert.Null(loaded["db1"].Body);
    }

    [Fact]
    public void Hosts_round_trip_text_of_any_length_and_empty_values()
    {
        // Names and addresses go through a fixed buffer when they fit and as strings when they do not; an empty one
        // must stay empty, not turn into NULL.
        var fits = Full(new string('é', 253)) with { Address = "", Inventory = [] };
        var long_ = Full(new string('ü', 400)) with { Address = new string('a', 2000), State = "late" };

        Store.Write(Batch(hosts: [fits, long_]));
        var loaded = Store.LoadHosts().ToDictionary(h => h.Name);

        AssertSameHost(fits, loaded[fits.Name]);
        AssertSameHost(long_, loaded[long_.Name]);
        Assert.Equal("", loaded[fits.Name].Address);
        Assert.Equal([], loaded[fits.Name].Inventory!);
    }

    [Fact]
    public void Writing_a_host_again_updates_it_and_keeps_inventory_it_does_not_carry()
    {
        Store.Write(Batch(hosts: [Full("web1")]));
        var later = Full("WEB1") with
        {
            Address = "198.51.100.1",
            LastSeen = T0.AddMinutes(5),
            Sequence = 7,
            State = "down",
            Level = 2,
            Body = [9, 9],
            Inventory = null,
            InventoryAt = null,
        };

        Store.Write(Batch(hosts: [later]));

        var host = Assert.Single(Store.LoadHosts());
        Assert.Equal("web1", host.Name); // the row's first spelling
        Assert.Equal(("198.51.100.1", T0.AddMinutes(5), 7UL, "down", (byte)2),
            (host.Address, host.LastSeen, host.Sequence, host.State, host.Level));
        Assert.Equal(new byte[] { 9, 9 }, Store.LoadBody(host.Name));
        Assert.Equal(Full("web1").Inventory, host.Inventory);
        Assert.Equal(Full("web1").InventoryAt, host.InventoryAt);
    }

    [Fact]
    public void Removed_hosts_are_deleted_whatever_their_case()
    {
        Store.Write(Batch(hosts: [Full("web1"), Full("web2")]));
        Store.Write(Batch(removed: ["WEB1"]));

        Assert.Equal(["web2"], Store.LoadHosts().Select(h => h.Name));
    }

    [Fact]
    public void Journal_entries_come_back_newest_first_with_ids()
    {
        Store.Write(Batch(journal:
        [
            Entry(T0, "web1", JournalKinds.HostNew, "ok", "new host web1"),
            Entry(T0.AddSeconds(1), null, JournalKinds.ConfigReloaded, null, "configuration reloaded"),
        ]));

        var entries = Store.QueryJournal(new JournalQuery());

        Assert.Equal([JournalKinds.ConfigReloaded, JournalKinds.HostNew], entries.Select(e => e.Kind));
        Assert.True(entries[0].Id > entries[1].Id);
        Assert.Equal(new JournalEntry(entries[1].Id, T0, "web1", JournalKinds.HostNew, "ok", "new host web1"), entries[1]);
        Assert.Equal((null, null, T0.AddSeconds(1)), (entries[0].Host, entries[0].Level, entries[0].Time));
    }

    [Fact]
    public void Journal_entries_round_trip_absent_fields_and_text_of_any_length()
    {
        var entries = new[]
        {
            Entry(T0, null, JournalKinds.ConfigReloaded, level: null, text: "configuration reloaded"),
            Entry(T0.AddMilliseconds(1), "wéb1", JournalKinds.HostNew, "ok", text: "Grüße, " + new string('ü', 3000)),
            Entry(T0.AddMilliseconds(2), "web2", JournalKinds.HostDown, "critical", text: ""),
        };

        var written = Store.Write(Batch(journal: entries));

        var read = Store.QueryJournal(new JournalQuery()).Reverse().ToList();
        Assert.Equal(written, read);
        Assert.Equal(entries.Select(e => (e.Time, e.Host, e.Kind, e.Level, e.Text)), read.Select(e => (e.Time, e.Host, e.Kind, e.Level, e.Text)));
        Assert.True(read[0].Id < read[1].Id && read[1].Id < read[2].Id);
    }

    [Fact]
    public void Journal_filters_by_host_case_insensitively()
    {
        WriteSampleJournal();

        var entries = Store.QueryJournal(new JournalQuery(Host: "WEB1"));

        Assert.Equal(5, entries.Count);
        Assert.All(entries, e => Assert.Equal("web1", e.Host));
    }

    [Fact]
    public void Journal_filters_by_kind()
    {
        WriteSampleJournal();

        var entries = Store.QueryJournal(new JournalQuery(Kinds: [JournalKinds.HostDown]));

        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(JournalKinds.HostDown, e.Kind));
    }

    [Fact]
    public void Journal_filters_by_time_from_since_on()
    {
        WriteSampleJournal();

        var entries = Store.QueryJournal(new JournalQuery(Since: T0.AddMinutes(7)));

        Assert.Equal([T0.AddMinutes(9), T0.AddMinutes(8), T0.AddMinutes(7)], entries.Select(e => e.Time));
    }

    [Fact]
    public void Journal_filters_by_time_before_until()
    {
        WriteSampleJournal();

        Assert.Equal([T0.AddMinutes(1), T0], Store.QueryJournal(new JournalQuery(Until: T0.AddMinutes(2))).Select(e => e.Time));
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(4), T0.AddMinutes(3)],
            Store.QueryJournal(new JournalQuery(Since: T0.AddMinutes(3), Until: T0.AddMinutes(6))).Select(e => e.Time));
    }

    [Fact]
    public void Journal_filters_by_level_and_by_several_kinds()
    {
        Store.Write(Batch(journal:
        [
            Entry(T0, "web1", JournalKinds.HostDown, "critical", "a"),
            Entry(T0.AddSeconds(1), "web1", JournalKinds.HostUp, "ok", "b"),
            Entry(T0.AddSeconds(2), null, JournalKinds.ConfigReloaded, null, "c"),
            Entry(T0.AddSeconds(3), "web2", JournalKinds.Message, "critical", "d"),
        ]));

        Assert.Equal(["d", "a"], Store.QueryJournal(new JournalQuery(Level: "critical")).Select(e => e.Text));
        Assert.Equal(["b", "a"], Store.QueryJournal(new JournalQuery(Kinds: [JournalKinds.HostDown, JournalKinds.HostUp])).Select(e => e.Text));
        Assert.Equal(["a"],
            Store.QueryJournal(new JournalQuery(Kinds: [JournalKinds.HostDown, JournalKinds.HostUp], Level: "critical")).Select(e => e.Text));
    }

    [Fact]
    public void Journal_combines_filters()
    {
        WriteSampleJournal();

        var entries = Store.QueryJournal(new JournalQuery(Host: "web1", Kinds: [JournalKinds.LevelChanged], Since: T0.AddMinutes(3)));

        Assert.Equal([T0.AddMinutes(6), T0.AddMinutes(4)], entries.Select(e => e.Time));
    }

    [Fact]
    public void Journal_pages_by_id_with_before_and_limit()
    {
        WriteSampleJournal();
        var all = Store.QueryJournal(new JournalQuery());
        Assert.Equal(10, all.Count);

        var pages = new List<IReadOnlyList<JournalEntry>>();
        long? before = null;
        while (true)
        {
            var page = Store.QueryJournal(new JournalQuery(Before: before, Limit: 4));
            if (page.Count == 0)
                break;
            pages.Add(page);
            before = page[^1].Id;
        }

        Assert.Equal([4, 4, 2], pages.Select(p => p.Count));
        Assert.Equal(all.Select(e => e.Id), pages.SelectMany(p => p).Select(e => e.Id));
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Id > pair.Second.Id));
    }

    [Fact]
    public void Journal_limit_is_clamped()
    {
        WriteSampleJournal();

        Assert.Single(Store.QueryJournal(new JournalQuery(Limit: 0)));
        Assert.Single(Store.QueryJournal(new JournalQuery(Limit: -5)));
        Assert.Equal(10, Store.QueryJournal(new JournalQuery(Limit: int.MaxValue)).Count);
    }

    [Fact]
    public void Prune_drops_entries_older_than_the_cutoff()
    {
        WriteSampleJournal();

        var deleted = Store.PruneJournal(T0.AddMinutes(4), keep: 1000);

        Assert.Equal(4, deleted);
        Assert.Equal(T0.AddMinutes(4), Store.QueryJournal(new JournalQuery()).Min(e => e.Time));
    }

    [Fact]
    public void Prune_keeps_the_newest_entries()
    {
        WriteSampleJournal();

        var deleted = Store.PruneJournal(DateTimeOffset.MinValue, keep: 3);

        Assert.Equal(7, deleted);
        Assert.Equal([T0.AddMinutes(9), T0.AddMinutes(8), T0.AddMinutes(7)], Store.QueryJournal(new JournalQuery()).Select(e => e.Time));
    }

    [Fact]
    public void Prune_applies_age_and_count_together()
    {
        WriteSampleJournal();

        Store.PruneJournal(T0.AddMinutes(8), keep: 5);

        Assert.Equal([T0.AddMinutes(9), T0.AddMinutes(8)], Store.QueryJournal(new JournalQuery()).Select(e => e.Time));
        // Ids go on after a prune: paging stays valid.
        Store.Write(Batch(journal: [Entry(T0.AddMinutes(10), "web1", JournalKinds.Message)]));
        Assert.Equal(3, Store.QueryJournal(new JournalQuery()).Count);
    }

    [Fact]
    public void Every_write_keeps_the_journal_within_its_cap()
    {
        for (var batch = 0; batch < 25; batch++)
        {
            var entries = Enumerable.Range(0, 40).Select(i => Entry(T0.AddSeconds(batch * 40 + i), "web1", JournalKinds.Message, text: $"{batch}/{i}")).ToList();
            Store.Write(new StoreBatch([], entries, [], JournalKeep: 100));
            Assert.True(Store.QueryJournal(new JournalQuery(Limit: JournalQuery.MaxLimit)).Count <= 100, $"after batch {batch}");
        }

        var kept = Store.QueryJournal(new JournalQuery(Limit: 1000));
        Assert.Equal(100, kept.Count);
        Assert.Equal("24/39", kept[0].Text);
        Assert.Equal("22/20", kept[^1].Text);
    }

    [Fact]
    public async Task Readers_run_beside_the_writer()
    {
        const int Batches = 200;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var store = Store; // opened here, not by whichever of the threads below comes first
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < Batches; i++)
            {
                var time = T0.AddSeconds(i);
                store.Write(Batch(
                    hosts: [Full($"web{i % 10}") with { LastSeen = time }],
                    journal: [Entry(time, $"web{i % 10}", JournalKinds.Message, null, $"entry {i}")]));
            }
        }, stop.Token);

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var seen = 0;
            var reads = 0;
            while (!writer.IsCompleted || reads == 0)
            {
                stop.Token.ThrowIfCancellationRequested();
                var entries = store.QueryJournal(new JournalQuery(Limit: JournalQuery.MaxLimit));
                Assert.True(entries.Count >= seen, "a reader saw the journal shrink");
                seen = entries.Count;
                store.LoadHosts();
                reads++;
            }
            return reads;
        }, stop.Token)).ToArray();

        await writer;
        var reads = await Task.WhenAll(readers);

        Assert.All(reads, r => Assert.True(r > 0));
        Assert.Equal(Batches, Store.QueryJournal(new JournalQuery(Limit: JournalQuery.MaxLimit)).Count);
        Assert.Equal(10, Store.LoadHosts().Count);
    }

    /// <summary>Ten entries, one a minute from T0: web1 and web2 by turns, every third a host_down.</summary>
    protected void WriteSampleJournal() =>
        Store.Write(Batch(journal: Enumerable.Range(0, 10)
            .Select(i => Entry(T0.AddMinutes(i), i % 2 == 0 ? "web1" : "web2",
                i % 3 == 2 ? JournalKinds.HostDown : JournalKinds.LevelChanged,
                "warning", string.Create(CultureInfo.InvariantCulture, $"entry {i}")))
            .ToList()));

    protected static PersistedHost Full(string name) => new()
    {
        Name = name,
        Address = "2001:db8::10",
        FirstSeen = T0.AddDays(-3),
        LastSeen = T0,
        Interval = TimeSpan.FromMilliseconds(10_500),
        RunId = ulong.MaxValue - 12345,
        Sequence = (ulong)long.MaxValue + 99,
        SentAtUnixMs = T0.ToUnixTimeMilliseconds() - 250,
        State = "up",
        StateSince = T0.AddHours(-1),
        Level = 1,
        Body = [0x85, 0x00, 0xA4, 0x77, 0x65, 0x62, 0x31, 0xFF, 0x00],
        Inventory = [0x81, 0xA2, 0x6F, 0x73, 0xA5, 0x6C, 0x69, 0x6E, 0x75, 0x78],
        InventoryAt = T0.AddMinutes(-30),
    };

    /// <summary>
    /// A loaded row against the one written: bodies stay in the store, so the loaded row has none but its load, and the
    /// body is read apart.
    /// </summary>
    protected void AssertSameHost(PersistedHost expected, PersistedHost actual)
    {
        // Arrays compare by reference in record equality: compare them apart.
        Assert.Equal(expected with { Body = null, Inventory = null, Load = actual.Load }, actual with { Body = null, Inventory = null });
        Assert.Null(actual.Body);
        Assert.Equal(expected.Body is { } body ? HostLoad.Read(body) : HostLoad.None, actual.Load);
        Assert.Equal(expected.Body, Store.LoadBody(expected.Name));
        Assert.Equal(expected.Inventory, actual.Inventory);
    }

    protected static JournalEntry Entry(DateTimeOffset time, string? host, string kind, string? level = null, string text = "text") =>
        new(0, time, host, kind, level, text);

    protected static StoreBatch Batch(IReadOnlyList<PersistedHost>? hosts = null, IReadOnlyList<JournalEntry>? journal = null,
        IReadOnlyList<string>? removed = null) => new(hosts ?? [], journal ?? [], removed ?? []);
}
