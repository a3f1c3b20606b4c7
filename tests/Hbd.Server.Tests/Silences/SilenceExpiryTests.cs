using Hbd.Server.Commits;
using Hbd.Server.Journal;
using Hbd.Server.Silences;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Tests.Hosts;
using Hbd.Server.Tests.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hbd.Server.Tests.Silences;

/// <summary>The end of a silence is journaled once, across restarts too, and ended silences are pruned with the journal's age.</summary>
public sealed class SilenceExpiryTests : IDisposable
{
    private static readonly JournalRetention Retention = new(TimeSpan.FromDays(30), 100_000);

    private readonly TempDataDir _dir = new();
    private readonly SqliteStore _store;
    private readonly RegistryFixture _f = new();
    private readonly StoreWriter _writer;

    public SilenceExpiryTests()
    {
        _store = new SqliteStore(_dir.File("hbd.db"));
        _store.Open();
        _writer = new StoreWriter(_store, _f.Registry, _f.Feed, new CommitFeed(new CommittedHosts()), _f.Time, Retention, new StoreHealth(),
            NullLogger<StoreWriter>.Instance);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_end_of_a_silence_is_journaled_once_when_it_comes()
    {
        var id = await Add(["web*", "db1"], _f.Time.GetUtcNow().AddMinutes(10));
        var (silences, expiry) = Start();

        expiry.RunDue(_f.Time.GetUtcNow());
        _f.Time.Advance(TimeSpan.FromMinutes(10));
        expiry.RunDue(_f.Time.GetUtcNow());
        expiry.RunDue(_f.Time.GetUtcNow());
        _writer.Flush();

        var entry = Assert.Single(Journal());
        Assert.Equal((JournalKinds.SilenceExpired, (string?)null), (entry.Kind, entry.Host));
        Assert.StartsWith($"silence {id} for web*, db1 ended at ", entry.Text, StringComparison.Ordinal);
        Assert.Empty(silences.EndedBy(_f.Time.GetUtcNow()));
    }

    [Fact]
    public async Task A_silence_that_ended_while_hbd_was_stopped_is_journaled_at_start_and_only_then()
    {
        await Add(["web*"], _f.Time.GetUtcNow().AddMinutes(10));
        _f.Time.Advance(TimeSpan.FromHours(1));

        Start().Expiry.RunDue(_f.Time.GetUtcNow());
        Start().Expiry.RunDue(_f.Time.GetUtcNow()); // the next start
        _writer.Flush();

        Assert.Equal(JournalKinds.SilenceExpired, Assert.Single(Journal()).Kind);
    }

    [Fact]
    public async Task Ended_silences_are_kept_as_long_as_the_journal_keeps_entries_of_their_time()
    {
        var now = _f.Time.GetUtcNow();
        await Add(["old"], now.AddMinutes(1));
        await Add(["recent"], now.AddDays(20));
        _f.Time.Advance(TimeSpan.FromDays(31));
        var (_, expiry) = Start();

        expiry.RunDue(_f.Time.GetUtcNow());

        Assert.Equal(["recent"], (await _store.QuerySilencesAsync(_f.Time.GetUtcNow(), includeExpired: true)).Select(s => s.Hosts[0]));
    }

    private (ActiveSilences Silences, SilenceExpiry Expiry) Start()
    {
        var silences = new ActiveSilences(_store);
        return (silences, new SilenceExpiry(silences, _store, _writer, Retention, _f.Time, NullLogger<SilenceExpiry>.Instance));
    }

    private async Task<long> Add(string[] hosts, DateTimeOffset until) =>
        (await _store.AddSilenceAsync(new Silence(0, hosts, until, null, _f.Time.GetUtcNow(), "127.0.0.1"), _f.Time.GetUtcNow())).Silence.Id;

    private IReadOnlyList<JournalEntry> Journal() => _store.QueryJournal(new JournalQuery(Kinds: [JournalKinds.SilenceExpired]));
}
