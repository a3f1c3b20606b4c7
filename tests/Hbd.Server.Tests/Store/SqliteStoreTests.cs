using System.Globalization;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Tests.Store;

/// <summary>The store contract on SQLite, and what only SQLite has: schema versions, WAL, the file.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private SqliteStore SqliteStore => (SqliteStore)Store;

    protected override IStore OpenStore()
    {
        var store = new SqliteStore(Dir.File("hbd.db"));
        store.Open();
        return store;
    }

    [Fact]
    public void Open_creates_the_schema_at_its_latest_version()
    {
        Assert.Equal((long)SqliteSchema.Migrations.Length, Scalar("PRAGMA user_version"));
        Assert.Equal((long)SqliteSchema.ApplicationId, Scalar("PRAGMA application_id"));
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal(5L, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('hosts', 'journal', 'silences', 'outbox', 'outbox_attempts')"));
        Assert.Empty(SqliteStore.LoadHosts());
        Assert.Empty(SqliteStore.QueryJournal(new JournalQuery()));
    }

    [Fact]
    public void Open_creates_a_missing_directory()
    {
        var path = Path.Combine(Dir.Path, "a", "b", "hbd.db");
        using var store = new SqliteStore(path);
        store.Open();
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Reopen_keeps_data_and_version()
    {
        SqliteStore.Write(Batch(hosts: [Full("web1")], journal: [Entry(T0, "web1", JournalKinds.HostNew)]));

        using (var again = new SqliteStore(SqliteStore.Path))
        {
            again.Open();
            again.Open();
            Assert.Single(again.LoadHosts());
            Assert.Single(again.QueryJournal(new JournalQuery()));
        }
        Assert.Equal((long)SqliteSchema.Migrations.Length, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void Write_before_open_is_a_bug()
    {
        using var store = new SqliteStore(Dir.File("other.db"));
        Assert.Throws<InvalidOperationException>(() => store.Write(Batch(hosts: [Full("web1")])));
    }

    private object? Scalar(string sql)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = SqliteStore.Path, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
