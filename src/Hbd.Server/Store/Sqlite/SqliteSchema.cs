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
        // 3: the notification outbox. One row per (journal entry, channel, repeat), written in the journal's transaction, so a
        // decision is written once; message is the Notification as JSON, kept with the row because the journal is trimmed on
        // its own (hence no foreign key to it). Times are Unix ms. outbox_due finds what to send next without reading the
        // rows that are done with; an attempt row is written by the completion that applies, so (outbox_id, attempt) is unique.
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            journal_id INTEGER NOT NULL,
            channel TEXT NOT NULL,
            repeat INTEGER NOT NULL,
            host TEXT COLLATE NOCASE,
            event TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            claimed_at INTEGER,
            sent_at INTEGER,
            gave_up_at INTEGER,
            last_error TEXT,
            UNIQUE (journal_id, channel, repeat)
        );
        CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;
        CREATE TABLE outbox_attempts (
            outbox_id INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            at INTEGER NOT NULL,
            result TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (outbox_id, attempt)
        ) WITHOUT ROWID;
        """,
        // 4: the journal by level, for GET /api/journal?level=, newest first like the other filters.
        """
        CREATE INDEX journal_level ON journal (level, id);
        """,
    ];

    /// <summary>What <see cref="SqliteFileCheck"/> checks hbd.db against (after <see cref="Migrations"/>: initialised in order).</summary>
    public static readonly SqliteFileIdentity Identity = new("an hbd database", ApplicationId, Migrations.Length, TablesOfVersion1);
}
