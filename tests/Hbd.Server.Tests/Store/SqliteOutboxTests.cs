using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Tests.Store;

/// <summary>The outbox contract on SQLite, and what only SQLite shows: a failing insert undoes the batch, rows outlive the process, the plan.</summary>
public sealed class SqliteOutboxTests : OutboxStoreContractTests
{
    private SqliteStore Sqlite => (SqliteStore)Store;

    private protected override IStore OpenStore()
    {
        var store = new SqliteStore(Dir.File("hbd.db"));
        store.Open();
        return store;
    }

    [Fact]
    public async Task A_batch_whose_outbox_insert_fails_in_the_database_leaves_no_journal_entry()
    {
        Store.Write(Journal(Entry(T0, "web1"))); // opened and migrated
        Run("CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'refused'); END");
        var batch = Journal(Entry(T0.AddMinutes(1), "web2")) with { Outbox = [new OutboxRequest(0, 0, "mail", 0, Message("web2"))] };

        Assert.Throws<SqliteException>(() => Store.Write(batch));

        Assert.Equal(["web1"], Store.QueryJournal(new JournalQuery()).Select(e => e.Host));
        Run("DROP TRIGGER refuse");
        Store.Write(batch);
        Assert.Equal("web2", Assert.Single(await Rows()).Message.Host);
    }

    [Fact]
    public async Task Rows_and_their_attempts_survive_a_reopen()
    {
        var id = Add(T0, "web1");
        Store.ClaimDue(T0, T0, 1);
        Store.Complete(id, 1, Claimed(id), sent: false, T0.AddMinutes(1));

        using var again = new SqliteStore(Sqlite.Path);
        again.Open();

        var entry = Assert.Single(await again.QueryOutboxAsync(new OutboxQuery()));
        Assert.Equal(((DateTimeOffset?)T0.AddMinutes(1), 1), (again.NextDue(), entry.Attempts.Count));
    }

    [Fact]
    public void Claiming_reads_the_due_index()
    {
        Add(T0, "web1");

        var plan = string.Join("\n", Query("""
            EXPLAIN QUERY PLAN SELECT id FROM outbox
            WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= 0 AND (claimed_at IS NULL OR claimed_at < 0)
            ORDER BY next_attempt_at, id LIMIT 10
            """));

        Assert.Contains("outbox_due", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    private void Run(string sql) => Query(sql);

    private List<string> Query(string sql)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Sqlite.Path, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        return rows;
    }
}
