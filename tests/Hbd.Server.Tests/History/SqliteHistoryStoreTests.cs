using Hbd.Server.History;
using Hbd.Server.History.Sqlite;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Hbd.Server.Tests.History;

/// <summary>The history store contract on SQLite, and what only SQLite has: its own file, schema versions, WAL, space on disk.</summary>
public sealed class SqliteHistoryStoreTests(ITestOutputHelper output) : HistoryStoreContractTests
{
    private string HistoryDb => Dir.File("history.db");

    protected override IHistoryStore OpenStore()
    {
        var store = new SqliteHistoryStore(HistoryDb);
        store.Open();
        return store;
    }

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        base.Dispose();
    }

    [Fact]
    public void Open_creates_the_schema_at_its_latest_version_in_wal_with_large_pages()
    {
        _ = Store.Size();

        Assert.Equal((long)SqliteHistorySchema.ApplicationId, Scalar("PRAGMA application_id"));
        Assert.Equal(0x68626468L, Scalar("PRAGMA application_id")); // "hbdh"
        Assert.Equal((long)SqliteHistorySchema.Migrations.Length, Scalar("PRAGMA user_version"));
        Assert.Equal((long)SqliteHistorySchema.PageSize, Scalar("PRAGMA page_size"));
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public void Reopen_keeps_blocks_hosts_and_series()
    {
        var block = Block("Web1", HistoryTier.Quarter, 0, Data(1, 2000));
        Store.Write(new HistoryBatch { NewSeries = [new HistorySeries(1, "cpu", "load1")], Blocks = [block] });
        Store.Dispose();

        using var again = new SqliteHistoryStore(HistoryDb);
        again.Open();
        again.Open();

        Assert.Equal([new HistorySeries(1, "cpu", "load1")], again.LoadSeries());
        var read = Assert.Single(again.ReadBlocks("web1", HistoryTier.Quarter, T0, T0));
        Assert.Equal("Web1", read.Host);
        Assert.Equal(block.Data, read.Data);
        // The host ids are read back from the file: the same host does not get a second row.
        again.Write(new HistoryBatch { Blocks = [Block("WEB1", HistoryTier.Quarter, 1, Data(2, 10))] });
        Assert.Equal(2, again.ReadBlocks("web1", HistoryTier.Quarter, T0, T0 + 86_400_000).Count);
        Assert.Equal((long)SqliteHistorySchema.Migrations.Length, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void History_db_and_hbd_db_live_side_by_side_each_refusing_the_other()
    {
        using var main = new SqliteStore(Dir.File("hbd.db"));
        main.Open();
        Store.Write(new HistoryBatch { Blocks = [Block("web1", HistoryTier.Raw, 0, Data(1, 50))] });
        main.Write(new StoreBatch([new PersistedHost { Name = "web1", State = "up", StateSince = DateTimeOffset.UnixEpoch }], [], [], 100));

        Assert.Single(Store.ReadBlocks("web1", HistoryTier.Raw, T0, T0));
        Assert.Equal("web1", Assert.Single(main.LoadHosts()).Name);
        Assert.Equal(
            $"{Dir.File("hbd.db")} is not an hbd history database (application_id 0x68626462 is another program's); move it away or choose another data_dir",
            Assert.Throws<StartupException>(new SqliteHistoryStore(Dir.File("hbd.db")).Open).Message);
        Assert.StartsWith($"{HistoryDb} is not an hbd database (application_id 0x68626468",
            Assert.Throws<StartupException>(new SqliteStore(HistoryDb).Open).Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Foreign => new()
    {
        { "a table of its own", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'mine');", "(a SQLite database with tables notes)" },
        { "another application_id", "PRAGMA application_id = 42;", "(application_id 0x0000002a is another program's)" },
        { "a user_version but no tables", "PRAGMA user_version = 1;", "(a SQLite database at user_version 1)" },
        { "history's tables unmarked", "CREATE TABLE history_blocks (x); PRAGMA user_version = 1;", "(a SQLite database with tables history_blocks)" },
    };

    [Theory]
    [MemberData(nameof(Foreign))]
    public void A_foreign_sqlite_database_is_refused_and_left_as_it_was(string what, string sql, string reason)
    {
        Run(sql);
        var before = File.ReadAllBytes(HistoryDb);

        using var store = new SqliteHistoryStore(HistoryDb);
        var refusal = Assert.Throws<StartupException>(store.Open);

        Assert.Equal($"{HistoryDb} is not an hbd history database {reason}; move it away or choose another data_dir", refusal.Message);
        Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(HistoryDb)), $"{what}: the file was changed");
        Assert.False(File.Exists(HistoryDb + "-wal"), $"{what}: the file was switched to WAL");
    }

    [Fact]
    public void A_history_database_of_a_newer_hbd_is_refused_and_left_as_it_was()
    {
        Run($"PRAGMA application_id = {SqliteHistorySchema.ApplicationId}; PRAGMA user_version = {SqliteHistorySchema.Migrations.Length + 1};");
        var before = File.ReadAllBytes(HistoryDb);

        using var store = new SqliteHistoryStore(HistoryDb);
        var refusal = Assert.Throws<StartupException>(store.Open);

        Assert.StartsWith($"{HistoryDb} was written by a newer hbd (schema version {SqliteHistorySchema.Migrations.Length + 1};", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(HistoryDb));
    }

    [Fact]
    public void Random_bytes_are_refused_as_not_a_database()
    {
        var garbage = Data(3, 4096);
        File.WriteAllBytes(HistoryDb, garbage);

        using var store = new SqliteHistoryStore(HistoryDb);
        var refusal = Assert.Throws<StartupException>(store.Open);

        Assert.Equal($"{HistoryDb} is not an hbd history database (file is not a database); move it away or choose another data_dir", refusal.Message);
        Assert.Equal(garbage, File.ReadAllBytes(HistoryDb));
    }

    [Fact]
    public void A_path_that_cannot_be_a_file_is_refused_naming_it()
    {
        Directory.CreateDirectory(HistoryDb);

        using var store = new SqliteHistoryStore(HistoryDb);
        var refusal = Assert.Throws<StartupException>(store.Open);

        Assert.StartsWith($"cannot open {HistoryDb} (", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_before_open_is_a_bug()
    {
        using var store = new SqliteHistoryStore(HistoryDb);
        Assert.Throws<InvalidOperationException>(() => store.Write(new HistoryBatch()));
    }

    [Fact]
    public void A_failed_batch_leaves_nothing_behind_and_the_next_one_is_written()
    {
        Store.Write(new HistoryBatch { NewSeries = [new HistorySeries(1, "cpu", "load1")] });

        Assert.Throws<SqliteException>(() => Store.Write(new HistoryBatch
        {
            RemovedHosts = ["web1"],
            Blocks = [Block("web2", HistoryTier.Raw, 0, Data(1, 10))],
            NewSeries = [new HistorySeries(1, "cpu", "load5")], // named twice: a bug of the catalog
        }));
        Store.Write(new HistoryBatch { Blocks = [Block("web2", HistoryTier.Raw, 1, Data(2, 10))] });

        Assert.Equal([new HistorySeries(1, "cpu", "load1")], Store.LoadSeries());
        Assert.Equal([T0 + 60_000], Store.ReadBlocks("web2", HistoryTier.Raw, 0, long.MaxValue / 2).Select(b => b.StartMs));
    }

    [Fact]
    public void Size_counts_the_file_and_its_wal()
    {
        Store.Write(new HistoryBatch { Blocks = [Block("web1", HistoryTier.Raw, 0, Data(1, 100_000))] });

        var size = Store.Size().FileBytes;

        Assert.Equal(new FileInfo(HistoryDb).Length + new FileInfo(HistoryDb + "-wal").Length, size);
        Assert.True(size > 100_000, $"{size} bytes");
    }

    /// <summary>
    /// Space per block in steady state: 60 raw blocks of ~300 B or 48 minute blocks of ~2 KB per host, the oldest pruned
    /// each round as the newest come. The bound is loose; the figure goes to the test output.
    /// </summary>
    [Theory]
    [InlineData(HistoryTier.Raw, 300, 60)]
    [InlineData(HistoryTier.Minute, 2000, 48)]
    public void A_block_costs_little_more_on_disk_than_its_bytes(HistoryTier tier, int bytes, int held)
    {
        const int hosts = 300;
        var random = new Random(7);
        for (var round = 0; round < held + 12; round++)
        {
            Store.Write(new HistoryBatch
            {
                Blocks = [.. Enumerable.Range(0, hosts).Select(h => Block($"host{h}", tier, round, Data(random.Next(), bytes * 8 / 10 + random.Next(bytes * 4 / 10))))],
                Prune = [new HistoryPrune(tier, T0 + ((round - held + 1) * HistoryTiers.BlockMs(tier)))],
            });
        }
        using (var connection = new SqliteConnection($"Data Source={HistoryDb};Pooling=false"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        var size = Store.Size();
        var (blocks, data) = size.Tiers[tier];
        var overhead = (size.FileBytes - data) / (double)blocks;
        output.WriteLine($"{tier}: {blocks} blocks of {data / blocks} B on average, {size.FileBytes / (double)blocks:F0} B each on disk, {overhead:F0} B overhead");

        Assert.Equal(hosts * held, blocks);
        Assert.True(overhead < bytes * 0.4, $"{overhead:F0} B overhead per {bytes} B block");
    }

    private void Run(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = HistoryDb, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = HistoryDb, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
