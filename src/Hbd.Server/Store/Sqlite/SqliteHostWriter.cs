using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hbd.Server.Store.Sqlite;

/// <summary>
/// Upserts host rows with one prepared statement per batch, bound through SQLite's own API inside the connection's
/// transaction. Every beat is a row here; through ADO.NET each row made about a kilobyte of garbage (a binder per
/// parameter, boxed numbers, a reader), which at 50,000 rows a second kept the collector busy and pushed the batch in
/// flight into the oldest generation (docs/benchmarks.md, "A million hosts").
/// </summary>
internal static class SqliteHostWriter
{
    private const string Upsert = """
        INSERT INTO hosts (name, address, first_seen, last_seen, interval_ms, run_id, sequence, sent_at,
                           state, state_since, level, body, inventory, inventory_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        ON CONFLICT (name) DO UPDATE SET
            address = excluded.address, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
            interval_ms = excluded.interval_ms, run_id = excluded.run_id, sequence = excluded.sequence,
            sent_at = excluded.sent_at, state = excluded.state, state_since = excluded.state_since,
            level = excluded.level, body = COALESCE(excluded.body, hosts.body),
            inventory = COALESCE(excluded.inventory, hosts.inventory),
            inventory_at = COALESCE(excluded.inventory_at, hosts.inventory_at)
        """;

    /// <summary>Writes the rows; the caller's transaction (on <paramref name="connection"/>) is the one they join.</summary>
    public static void Write(SqliteConnection connection, IReadOnlyList<PersistedHost> hosts)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The store's connection is not open.");
        SqliteRaw.Check(db, raw.sqlite3_prepare_v2(db, Upsert, out var statement));
        using (statement)
        {
            Span<byte> text = stackalloc byte[SqliteRaw.TextBufferSize];
            foreach (var host in hosts)
            {
                SqliteRaw.BindText(statement, 1, host.Name, text);
                SqliteRaw.BindText(statement, 2, host.Address, text);
                BindTime(statement, 3, host.FirstSeen);
                BindTime(statement, 4, host.LastSeen);
                raw.sqlite3_bind_int64(statement, 5, (long)host.Interval.TotalMilliseconds);
                raw.sqlite3_bind_int64(statement, 6, unchecked((long)host.RunId));
                raw.sqlite3_bind_int64(statement, 7, unchecked((long)host.Sequence));
                raw.sqlite3_bind_int64(statement, 8, host.SentAtUnixMs);
                SqliteRaw.BindText(statement, 9, host.State, text);
                raw.sqlite3_bind_int64(statement, 10, host.StateSince.ToUnixTimeMilliseconds());
                raw.sqlite3_bind_int64(statement, 11, host.Level);
                BindBody(statement, 12, host);
                BindBlob(statement, 13, host.Inventory);
                BindTime(statement, 14, host.InventoryAt);
                SqliteRaw.Check(db, raw.sqlite3_step(statement));
                SqliteRaw.Check(db, raw.sqlite3_reset(statement));
            }
        }
    }

    private static void BindTime(sqlite3_stmt statement, int index, DateTimeOffset? time)
    {
        if (time is { } value)
            raw.sqlite3_bind_int64(statement, index, value.ToUnixTimeMilliseconds());
        else
            raw.sqlite3_bind_null(statement, index);
    }

    /// <summary>The row's body, or the one its entry holds, or NULL (the stored one stays) when the row carries none.</summary>
    private static void BindBody(sqlite3_stmt statement, int index, PersistedHost host)
    {
        if (host.Body is not null || host.EntryBody is not { } held)
            BindBlob(statement, index, host.Body);
        else if (!held.TryRead((statement, index), static (body, target) => BindBlob(target.statement, target.index, body)))
            raw.sqlite3_bind_null(statement, index); // a newer beat replaced it: written with that one, next
    }

    private static void BindBlob(sqlite3_stmt statement, int index, ReadOnlySpan<byte> blob)
    {
        if (blob.IsEmpty)
            raw.sqlite3_bind_zeroblob(statement, index, 0); // an empty span would bind NULL, as above
        else
            raw.sqlite3_bind_blob(statement, index, blob);
    }

    private static void BindBlob(sqlite3_stmt statement, int index, byte[]? blob)
    {
        if (blob is null)
            raw.sqlite3_bind_null(statement, index);
        else if (blob.Length == 0)
            raw.sqlite3_bind_zeroblob(statement, index, 0); // an empty span would bind NULL, as above
        else
            raw.sqlite3_bind_blob(statement, index, blob);
    }
}
