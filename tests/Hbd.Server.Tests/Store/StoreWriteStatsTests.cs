using Hbd.Server.Commits;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Tests.Hosts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Server.Tests.Store;

public sealed class StoreWriteStatsTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Each_write_falls_in_the_first_bucket_that_holds_it_and_buckets_count_cumulatively()
    {
        var stats = new StoreWriteStats();

        stats.Succeeded(TimeSpan.FromMilliseconds(0.5), hosts: 3, journal: 2);
        stats.Succeeded(TimeSpan.FromMilliseconds(1), hosts: 1, journal: 0);   // on a bound: in that bucket
        stats.Succeeded(TimeSpan.FromMilliseconds(30), hosts: 0, journal: 5);
        stats.Failed(TimeSpan.FromSeconds(12));                                 // beyond the last bound: +Inf only

        var totals = stats.Current;
        Assert.Equal((4L, 1L, 4L, 7L), (totals.Writes, totals.Failures, totals.HostRows, totals.JournalRows));
        Assert.Equal(TimeSpan.FromMilliseconds(12_031.5), totals.Total);
        Assert.Equal(TimeSpan.FromSeconds(12), totals.Last);
        var byBound = StoreWriteStats.BucketBounds.Zip(totals.CumulativeBuckets).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(2, byBound[0.001]);
        Assert.Equal(2, byBound[0.025]);
        Assert.Equal(3, byBound[0.05]);
        Assert.Equal(3, byBound[10]);
    }

    [Fact]
    public void The_store_writer_times_each_write_and_counts_its_rows_and_failures()
    {
        var f = new RegistryFixture();
        using var sqlite = new SqliteStore(_dir.File("hbd.db"));
        sqlite.Open();
        var store = new ClockAdvancingStore(sqlite, f.Time, TimeSpan.FromMilliseconds(30));
        var health = new StoreHealth();
        using var writer = new StoreWriter(store, f.Registry, f.Feed, new CommitFeed(new CommittedHosts()), f.Time,
            new JournalRetention(TimeSpan.FromDays(30), 100_000), health, NullLogger<StoreWriter>.Instance);

        f.Beat("web1");
        f.Beat("web2");
        writer.Flush();                 // 2 hosts, 2 host_new entries
        store.Fail = true;
        f.Beat("web1", seq: 1);
        Assert.Throws<SqliteException>(writer.Flush);

        var totals = health.Writes.Current;
        Assert.Equal((2L, 1L, 2L, 2L), (totals.Writes, totals.Failures, totals.HostRows, totals.JournalRows));
        Assert.Equal(TimeSpan.FromMilliseconds(60), totals.Total);
        Assert.Equal(TimeSpan.FromMilliseconds(30), totals.Last);
        Assert.Equal(0, totals.CumulativeBuckets[Array.IndexOf(StoreWriteStats.BucketBounds, 0.025)]);
        Assert.Equal(2, totals.CumulativeBuckets[Array.IndexOf(StoreWriteStats.BucketBounds, 0.05)]);
    }

    /// <summary>A store whose writes take a given time on the fake clock, and fail when told to.</summary>
    private sealed class ClockAdvancingStore(IStore inner, FakeTimeProvider time, TimeSpan writeTakes) : SwitchableStore(inner)
    {
        public bool Fail { get; set; }

        public override IReadOnlyList<JournalEntry> Write(StoreBatch batch)
        {
            time.Advance(writeTakes);
            return Fail ? throw new SqliteException("disk I/O error", 10) : base.Write(batch);
        }
    }
}
