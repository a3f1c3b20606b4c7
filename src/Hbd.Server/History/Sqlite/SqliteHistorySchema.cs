using Hbd.Server.Store.Sqlite;

namespace Hbd.Server.History.Sqlite;

/// <summary>
/// The schema of history.db, a file of its own beside hbd.db so that its heavy writes never hold hbd.db's write lock.
/// Migrations are applied in order; PRAGMA user_version records how far a file has come.
/// </summary>
/// <remarks>
/// Blocks live in a rowid table, not a WITHOUT ROWID one keyed by (host, tier, start): a WITHOUT ROWID row is kept in an
/// index b-tree, whose cells spill to a page of their own above about a quarter of the page, so 2 KB blocks took
/// 2.4 times their size on 4 KB pages and 3 times on 8 KB ones. In a rowid table a block sits whole in its leaf, new blocks
/// are appended (the next rowid) instead of inserted all over the file, and the small (host, tier, start) index is what
/// the writes scatter over; measured 2.5 to 5 times the write rate of the WITHOUT ROWID table.
/// </remarks>
internal static class SqliteHistorySchema
{
    /// <summary>PRAGMA application_id of a history database: "hbdh" in ASCII, at offset 68 of the file.</summary>
    public const int ApplicationId = 0x68626468;

    /// <summary>
    /// Set on a new file before its first table (a WAL file keeps the size it was made with). Blocks run from 100 B (raw)
    /// to about 3 KB (minute and quarter tiers): 16 KB leaves fit five to a hundred of them with little slack where 4 KB
    /// ones hold a single 2 KB block.
    /// </summary>
    public const int PageSize = 16384;

    public static readonly string[] Migrations =
    [
        // history_hosts: each host name once; blocks refer to it by id. history_series: ids are the writer's catalog's.
        // history_blocks_age serves pruning a tier by start across every host.
        $"""
        PRAGMA application_id = {ApplicationId};
        CREATE TABLE history_hosts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE history_series (
            id INTEGER PRIMARY KEY,
            grp TEXT NOT NULL,
            metric TEXT NOT NULL
        );
        CREATE TABLE history_blocks (
            id INTEGER PRIMARY KEY,
            host_id INTEGER NOT NULL,
            tier INTEGER NOT NULL,
            start_ms INTEGER NOT NULL,
            end_ms INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        CREATE UNIQUE INDEX history_blocks_key ON history_blocks (host_id, tier, start_ms);
        CREATE INDEX history_blocks_age ON history_blocks (tier, start_ms);
        """,
    ];

    /// <summary>What <see cref="SqliteFileCheck"/> checks history.db against (after <see cref="Migrations"/>: initialised in order).</summary>
    public static readonly SqliteFileIdentity Identity = new("an hbd history database", ApplicationId, Migrations.Length, null);
}
