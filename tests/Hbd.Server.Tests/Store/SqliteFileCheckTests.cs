using Hbd.Server.Journal;
using Hbd.Server.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Tests.Store;

/// <summary>What <see cref="SqliteStore.Open"/> does with a file it did not make: adopt an old hbd database, refuse the rest untouched.</summary>
public sealed class SqliteFileCheckTests : IDisposable
{
    /// <summary>Version 1 as hbd wrote it before the application_id (in WAL mode, which this leaves out).</summary>
    private const string Version1WithoutApplicationId = """
        CREATE TABLE hosts (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            address TEXT,
            first_seen INTEGER,
            last_seen INTEGER,
            interval_ms INTEGER NOT NULL,
            run_id INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            sent_at INTEGER NOT NULL,
            state TEXT NOT NULL,
            state_since INTEGER NOT NULL,
            level INTEGER NOT NULL,
            body BLOB,
            inventory BLOB,
            inventory_at INTEGER
        );
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time INTEGER NOT NULL,
            host TEXT COLLATE NOCASE,
            kind TEXT NOT NULL,
            level TEXT,
            text TEXT NOT NULL
        );
        CREATE INDEX journal_host ON journal (host, id);
        CREATE INDEX journal_kind ON journal (kind, id);
        CREATE INDEX journal_time ON journal (time);
        PRAGMA user_version = 1;
        """;

    private readonly TempDataDir _dir = new();

    private string Database => _dir.File("hbd.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public void A_database_of_an_hbd_from_before_the_application_id_opens_with_its_data_and_is_marked()
    {
        Run("PRAGMA journal_mode = WAL;" + Version1WithoutApplicationId + """
            INSERT INTO hosts (name, interval_ms, run_id, sequence, sent_at, state, state_since, level)
                VALUES ('old-host', 10000, 1, 2, 0, 'up', 0, 0);
            INSERT INTO journal (time, host, kind, text) VALUES (0, 'old-host', 'host_new', 'first seen');
            """);

        using (var store = new SqliteStore(Database))
        {
            store.Open();

            Assert.Equal("old-host", Assert.Single(store.LoadHosts()).Name);
            Assert.Equal("first seen", Assert.Single(store.QueryJournal(new JournalQuery())).Text);
            Assert.Empty(store.LoadUnnotedSilences()); // migrated on: version 2 added silences
            Assert.Null(store.NextDue()); // and version 3 the outbox
        }
        Assert.Equal((long)SqliteSchema.ApplicationId, Scalar("PRAGMA application_id"));
        Assert.Equal((long)SqliteSchema.Migrations.Length, Scalar("PRAGMA user_version"));
    }

    public static TheoryData<string, string, string> Foreign => new()
    {
        { "a table of its own", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'mine');", "(a SQLite database with tables notes)" },
        { "another application_id", "PRAGMA application_id = 42;", "(application_id 0x0000002a is another program's)" },
        { "a user_version but no tables", "PRAGMA user_version = 3;", "(a SQLite database at user_version 3)" },
        { "hbd's tables and one more", Version1WithoutApplicationId + "CREATE TABLE extra (x);", "(a SQLite database with tables extra, hosts, journal)" },
    };

    [Theory]
    [MemberData(nameof(Foreign))]
    public void A_foreign_sqlite_database_is_refused_and_left_as_it_was(string what, string sql, string reason)
    {
        Run(sql);
        var before = File.ReadAllBytes(Database);

        using var store = new SqliteStore(Database);
        var refusal = Assert.Throws<StartupException>(store.Open);

        Assert.Equal($"{Database} is not an hbd database {reason}; move it away or choose another data_dir", refusal.Message);
        Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(Database)), $"{what}: the file was changed");
        Assert.False(File.Exists(Database + "-wal"), $"{what}: the file was switched to WAL");
        Assert.Equal((1, 1), (before[18], before[19])); // rollback journal, as it was made
    }

    [Fact]
    public void A_database_of_a_newer_hbd_is_refused_and_left_as_it_was()
    {
        Run($"PRAGMA application_id = {SqliteSchema.ApplicationId}; PRAGMA user_version = {SqliteSchema.Migrations.Length + 1};");
        var before = File.ReadAllBytes(Database);

        using var store = new SqliteStore(Database);
        var refusal = Assert.Throws<StartupException>(store.Open);

        Assert.Contains("was written by a newer hbd", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Database));
    }

    [Fact]
    public void Random_bytes_are_refused_as_not_a_database()
    {
        var garbage = new byte[4096];
        new Random(3).NextBytes(garbage);
        File.WriteAllBytes(Database, garbage);

        using var store = new SqliteStore(Database);
        var refusal = Assert.Throws<StartupException>(store.Open);

        Assert.Equal($"{Database} is not an hbd database (file is not a database); move it away or choose another data_dir", refusal.Message);
        Assert.Equal(garbage, File.ReadAllBytes(Database));
    }

    private void Run(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
