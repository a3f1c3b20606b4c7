using Hbd.Server.History;
using Hbd.Server.Tests.Store;

namespace Hbd.Server.Tests.History;

/// <summary>
/// What every history store backend must do: a backend's test class derives from this one and says how to open its store;
/// the SQLite one is <see cref="SqliteHistoryStoreTests"/>.
/// </summary>
public abstract class HistoryStoreContractTests : IDisposable
{
    /// <summary>An aligned start for every tier (a UTC midnight), 2026-11-25.</summary>
    protected static readonly long T0 = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private IHistoryStore? _store;

    private protected TempDataDir Dir { get; } = new();

    /// <summary>The store under test, opened on first use.</summary>
    protected IHistoryStore Store => _store ??= OpenStore();

    /// <summary>A new, empty store of the backend, opened.</summary>
    protected abstract IHistoryStore OpenStore();

    public virtual void Dispose()
    {
        _store?.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void A_new_store_is_empty()
    {
        Assert.Empty(Store.LoadSeries());
        Assert.Empty(Store.ReadBlocks("web1", HistoryTier.Raw, long.MinValue / 2, long.MaxValue / 2));
        Assert.Empty(Store.HostsWithBlocks(HistoryTier.Raw, long.MinValue, long.MaxValue));
        var size = Store.Size();
        Assert.All(HistoryTiers.All, t => Assert.Equal((0L, 0L), size.Tiers[t]));
    }

    [Fact]
    public void Blocks_round_trip_byte_for_byte()
    {
        var block = Block("web1", HistoryTier.Raw, 0, Data(1, 300)) with { EndMs = T0 + 50_000 };

        Store.Write(new HistoryBatch { Blocks = [block] });

        var read = Assert.Single(Store.ReadBlocks("web1", HistoryTier.Raw, T0, T0 + 60_000));
        Assert.Equal(("web1", HistoryTier.Raw, T0, T0 + 50_000), (read.Host, read.Tier, read.StartMs, read.EndMs));
        Assert.Equal(block.Data, read.Data);
    }

    [Fact]
    public void A_block_with_the_key_of_a_stored_one_replaces_it()
    {
        Store.Write(new HistoryBatch { Blocks = [Block("web1", HistoryTier.Minute, 0, Data(1, 100))] });
        var again = Block("web1", HistoryTier.Minute, 0, Data(2, 200)) with { EndMs = T0 + 3_000_000 };

        Store.Write(new HistoryBatch { Blocks = [again] });

        var read = Assert.Single(Store.ReadBlocks("web1", HistoryTier.Minute, T0, T0 + 3_600_000));
        Assert.Equal(again.Data, read.Data);
        Assert.Equal(again.EndMs, read.EndMs);
        Assert.Equal((1L, 200L), Store.Size().Tiers[HistoryTier.Minute]);
    }

    [Fact]
    public void A_range_holds_the_blocks_whose_period_overlaps_it_in_order_of_start()
    {
        // Raw blocks at minutes 0..9, each ending 50 s into its minute.
        Store.Write(new HistoryBatch { Blocks = [.. Enumerable.Range(0, 10).Reverse().Select(i => Block("web1", HistoryTier.Raw, i, Data(i, 50)))] });

        // [2:10, 5:00]: minute 2 (ends 2:50, after the range starts) to minute 5 (starts on the range's end).
        var read = Store.ReadBlocks("web1", HistoryTier.Raw, T0 + 130_000, T0 + 300_000);
        Assert.Equal([2, 3, 4, 5], read.Select(Minute));

        // [2:55, 4:59]: minute 2 ended at 2:50, before the range.
        Assert.Equal([3, 4], Store.ReadBlocks("web1", HistoryTier.Raw, T0 + 175_000, T0 + 299_999).Select(Minute));

        // The range's ends are inclusive: [2:50, 2:50] is the last instant of minute 2.
        Assert.Equal([2], Store.ReadBlocks("web1", HistoryTier.Raw, T0 + 170_000, T0 + 170_000).Select(Minute));

        Assert.Equal(Enumerable.Range(0, 10), Store.ReadBlocks("web1", HistoryTier.Raw, 0, long.MaxValue / 2).Select(Minute));
        Assert.Empty(Store.ReadBlocks("web1", HistoryTier.Raw, T0 + 600_000, T0 + 900_000));

        static int Minute(HistoryBlock b) => (int)((b.StartMs - T0) / 60_000);
    }

    [Fact]
    public void Host_names_compare_without_case_and_keep_their_first_spelling()
    {
        Store.Write(new HistoryBatch { Blocks = [Block("Web1", HistoryTier.Raw, 0, Data(1, 10))] });
        Store.Write(new HistoryBatch { Blocks = [Block("WEB1", HistoryTier.Raw, 0, Data(2, 10)), Block("web1", HistoryTier.Raw, 1, Data(3, 10))] });

        var read = Store.ReadBlocks("wEb1", HistoryTier.Raw, T0, T0 + 120_000);

        Assert.Equal([Data(2, 10), Data(3, 10)], read.Select(b => b.Data));
        Assert.All(read, b => Assert.Equal("Web1", b.Host));
        Assert.Equal(["Web1"], Store.HostsWithBlocks(HistoryTier.Raw, T0, T0 + 120_000));
    }

    [Fact]
    public void Hosts_and_tiers_are_kept_apart()
    {
        var blocks = (from host in new[] { "web1", "web2", "db1" }
                      from tier in HistoryTiers.All
                      from i in Enumerable.Range(0, 3)
                      select Block(host, tier, i, Data(host.GetHashCode(StringComparison.Ordinal) ^ ((int)tier * 31) ^ i, 40))).ToList();

        Store.Write(new HistoryBatch { Blocks = blocks });

        foreach (var group in blocks.GroupBy(b => (b.Host, b.Tier)))
        {
            var read = Store.ReadBlocks(group.Key.Host, group.Key.Tier, 0, long.MaxValue / 2);
            Assert.Equal(group.Select(b => (b.StartMs, b.Data)), read.Select(b => (b.StartMs, b.Data)));
            Assert.All(read, b => Assert.Equal((group.Key.Host, group.Key.Tier), (b.Host, b.Tier)));
        }
    }

    [Fact]
    public void Removed_hosts_lose_every_block_of_every_tier_and_others_keep_theirs()
    {
        Store.Write(new HistoryBatch
        {
            Blocks = [.. from host in new[] { "web1", "web2" } from tier in HistoryTiers.All select Block(host, tier, 0, Data(1, 20))],
        });

        Store.Write(new HistoryBatch { RemovedHosts = ["WEB1", "never-seen"] });

        Assert.All(HistoryTiers.All, t => Assert.Empty(Store.ReadBlocks("web1", t, 0, long.MaxValue / 2)));
        Assert.All(HistoryTiers.All, t => Assert.Single(Store.ReadBlocks("web2", t, 0, long.MaxValue / 2)));
        Assert.Equal(["web2"], Store.HostsWithBlocks(HistoryTier.Raw, 0, long.MaxValue));
    }

    [Fact]
    public void A_host_removed_and_written_in_one_batch_keeps_only_the_new_blocks()
    {
        Store.Write(new HistoryBatch { Blocks = [Block("web1", HistoryTier.Raw, 0, Data(1, 20)), Block("web1", HistoryTier.Raw, 1, Data(2, 20))] });

        Store.Write(new HistoryBatch { RemovedHosts = ["web1"], Blocks = [Block("Web1", HistoryTier.Raw, 5, Data(3, 20))] });

        var read = Assert.Single(Store.ReadBlocks("web1", HistoryTier.Raw, 0, long.MaxValue / 2));
        Assert.Equal((T0 + 300_000, "Web1"), (read.StartMs, read.Host));
    }

    [Fact]
    public void Prune_deletes_the_blocks_of_its_tier_that_start_before_its_time_on_every_host()
    {
        Store.Write(new HistoryBatch
        {
            Blocks = [.. from host in new[] { "web1", "web2" } from tier in HistoryTiers.All from i in Enumerable.Range(0, 4) select Block(host, tier, i, Data(i, 20))],
        });

        Store.Write(new HistoryBatch
        {
            Prune = [new HistoryPrune(HistoryTier.Raw, T0 + 120_000), new HistoryPrune(HistoryTier.Minute, T0 + 3_600_001)],
        });

        foreach (var host in new[] { "web1", "web2" })
        {
            Assert.Equal([T0 + 120_000, T0 + 180_000], Starts(host, HistoryTier.Raw));
            Assert.Equal([T0 + 7_200_000, T0 + 10_800_000], Starts(host, HistoryTier.Minute));
            Assert.Equal(4, Starts(host, HistoryTier.Quarter).Count);
        }
        Assert.Equal(4L, Store.Size().Tiers[HistoryTier.Raw].Blocks);

        List<long> Starts(string host, HistoryTier tier) => [.. Store.ReadBlocks(host, tier, 0, long.MaxValue / 2).Select(b => b.StartMs)];
    }

    [Fact]
    public void Series_are_kept_as_named_and_loaded_by_id()
    {
        Store.Write(new HistoryBatch { NewSeries = [new HistorySeries(2, "disk:/var", "used_pct"), new HistorySeries(1, "cpu", "load1")] });
        Store.Write(new HistoryBatch { NewSeries = [new HistorySeries(7, "net:eth0", "rx_bytes")], Blocks = [Block("web1", HistoryTier.Raw, 0, Data(1, 5))] });

        Assert.Equal(
            [new HistorySeries(1, "cpu", "load1"), new HistorySeries(2, "disk:/var", "used_pct"), new HistorySeries(7, "net:eth0", "rx_bytes")],
            Store.LoadSeries());
    }

    [Fact]
    public void Hosts_with_blocks_are_those_with_a_block_of_the_tier_starting_in_the_range()
    {
        Store.Write(new HistoryBatch
        {
            Blocks =
            [
                Block("web1", HistoryTier.Raw, 0, Data(1, 5)),
                Block("web2", HistoryTier.Raw, 1, Data(1, 5)),
                Block("web2", HistoryTier.Raw, 2, Data(1, 5)),
                Block("db1", HistoryTier.Raw, 3, Data(1, 5)),
                Block("cache1", HistoryTier.Minute, 0, Data(1, 5)),
            ],
        });

        Assert.Equal(["web2"], Store.HostsWithBlocks(HistoryTier.Raw, T0 + 60_000, T0 + 180_000));
        Assert.Equal(["db1", "web1", "web2"], Store.HostsWithBlocks(HistoryTier.Raw, T0, T0 + 240_000).Order(StringComparer.Ordinal));
        Assert.Equal(["cache1"], Store.HostsWithBlocks(HistoryTier.Minute, T0, T0 + 1));
        Assert.Empty(Store.HostsWithBlocks(HistoryTier.Quarter, 0, long.MaxValue));
    }

    [Fact]
    public void Size_counts_blocks_and_encoded_bytes_per_tier()
    {
        Store.Write(new HistoryBatch
        {
            Blocks =
            [
                Block("web1", HistoryTier.Raw, 0, Data(1, 300)),
                Block("web1", HistoryTier.Raw, 1, Data(2, 250)),
                Block("web2", HistoryTier.Raw, 0, Data(3, 100)),
                Block("web1", HistoryTier.Quarter, 0, Data(4, 2000)),
            ],
        });

        var size = Store.Size();

        Assert.Equal((3L, 650L), size.Tiers[HistoryTier.Raw]);
        Assert.Equal((0L, 0L), size.Tiers[HistoryTier.Minute]);
        Assert.Equal((1L, 2000L), size.Tiers[HistoryTier.Quarter]);
    }

    [Fact]
    public void A_batch_of_ten_thousand_blocks_is_written_whole()
    {
        var blocks = (from h in Enumerable.Range(0, 1000) from i in Enumerable.Range(0, 10) select Block($"host{h}", HistoryTier.Raw, i, Data(h * 10 + i, 400))).ToList();

        Store.Write(new HistoryBatch { Blocks = blocks });

        Assert.Equal((10_000L, 4_000_000L), Store.Size().Tiers[HistoryTier.Raw]);
        Assert.Equal(1000, Store.HostsWithBlocks(HistoryTier.Raw, T0, T0 + 600_000).Count);
        Assert.Equal(blocks.Where(b => b.Host == "host537").Select(b => b.Data), Store.ReadBlocks("host537", HistoryTier.Raw, T0, T0 + 600_000).Select(b => b.Data));
    }

    [Fact]
    public async Task Reads_during_a_large_write_see_the_store_before_it_or_after_it()
    {
        // web1 has 60 blocks of generation 1; the large batch replaces them all with generation 2, among 20,000 others.
        Store.Write(new HistoryBatch { Blocks = [.. Enumerable.Range(0, 60).Select(i => Block("web1", HistoryTier.Raw, i, Generation(1, i)))] });
        var large = new HistoryBatch
        {
            Blocks =
            [
                .. Enumerable.Range(0, 60).Select(i => Block("web1", HistoryTier.Raw, i, Generation(2, i))),
                .. from h in Enumerable.Range(0, 2000) from i in Enumerable.Range(0, 10) select Block($"host{h}", HistoryTier.Raw, i, Data(h + i, 300)),
            ],
        };
        using var written = new ManualResetEventSlim();
        var seen = new HashSet<byte>();

        // Each reader reads until one of its reads began after the write had returned.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            bool after;
            do
            {
                after = written.IsSet;
                var blocks = Store.ReadBlocks("web1", HistoryTier.Raw, T0, T0 + 3_600_000);
                Assert.Equal(60, blocks.Count);
                var generation = Assert.Single(blocks.Select(b => b.Data[0]).Distinct());
                Assert.All(blocks, b => Assert.Equal(Generation(generation, (int)((b.StartMs - T0) / 60_000)), b.Data));
                var hosts = Store.HostsWithBlocks(HistoryTier.Raw, T0, T0 + 600_000).Count;
                Assert.True(hosts is 1 or 2001, $"{hosts} hosts");
                lock (seen)
                    seen.Add(generation);
            }
            while (!after);
        })).ToArray();
        var writer = Task.Run(() =>
        {
            Store.Write(large);
            written.Set();
        });

        await Task.WhenAll([writer, .. readers]).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Contains((byte)2, seen);
        Assert.Equal(2001, Store.HostsWithBlocks(HistoryTier.Raw, T0, T0 + 600_000).Count);

        static byte[] Generation(int generation, int i) => [(byte)generation, .. Data(i, 200)];
    }

    /// <summary>A block of <paramref name="tier"/>, the <paramref name="index"/>th after <see cref="T0"/>, ending 10 s before its period does.</summary>
    protected static HistoryBlock Block(string host, HistoryTier tier, int index, byte[] data)
    {
        var start = T0 + (index * HistoryTiers.BlockMs(tier));
        return new HistoryBlock(host, tier, start, start + HistoryTiers.BlockMs(tier) - 10_000, data);
    }

    /// <summary>Bytes that do not compress, as an encoded block's mostly do not.</summary>
    protected static byte[] Data(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
