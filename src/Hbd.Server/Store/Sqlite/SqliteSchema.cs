namespace Hbd.Server.Store.Sqlite;

/// <summary>Schema migrations, applied in order; PRAGMA user_version records how far a database has come.</summary>
internal static class SqliteSchema
{
    /// <summary>PRAGMA application_id of an hbd database: "hbdb" in ASCII, at offset 68 of the file.</summary>
    public const int ApplicationId = 0x68626462;

    /// <summary>The tables of version 1, the only version that was ever written without <see cref="ApplicationId"/>.</summary>
    public static readonly string[] TablesOfVersion1 = ["hosts", "journal"];

    public static readonly string[] Migrations =
    [
        $"""
        PRAGMA application_id = {ApplicationId};
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
        """,
        // 2: silences. expiry_noted: the end of the silence has been journaled (once, even across restarts).
        """
        CREATE TABLE silences (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            hosts TEXT NOT NULL,
            until INTEGER NOT NULL,
            comment TEXT,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            expiry_noted INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX silences_until ON silences (until);
        """,
    ];

    /// <summary>What <see cref="SqliteFileCheck"/> checks hbd.db against (after <see cref="Migrations"/>: initialised in order).</summary>
    public static readonly SqliteFileIdentity Identity = new("an hbd database", ApplicationId, Migrations.Length, TablesOfVersion1);
}
