using Hbd.Server.Journal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hbd.Server.Store.Sqlite;

/// <summary>Journal rows: batched inserts and paged queries, newest first.</summary>
internal static class SqliteJournal
{
    /// <summary>
    /// Inserts the entries in order, in the connection's transaction; returns them as written, with the ids the database
    /// gave them. Through SQLite's own API, as host rows are: a fleet's first minutes bring an entry per new host.
    /// </summary>
    public static IReadOnlyList<JournalEntry> Insert(SqliteConnection connection, IReadOnlyList<JournalEntry> entries)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The store's connection is not open.");
        SqliteRaw.Check(db, raw.sqlite3_prepare_v2(db,
            "INSERT INTO journal (time, host, kind, level, text) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", out var statement));
        using (statement)
        {
            Span<byte> buffer = stackalloc byte[SqliteRaw.TextBufferSize];
            var written = new JournalEntry[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var unixMs = entry.Time.ToUnixTimeMilliseconds();
                raw.sqlite3_bind_int64(statement, 1, unixMs);
                SqliteRaw.BindText(statement, 2, entry.Host, buffer);
                SqliteRaw.BindText(statement, 3, entry.Kind, buffer);
                SqliteRaw.BindText(statement, 4, entry.Level, buffer);
                SqliteRaw.BindText(statement, 5, entry.Text, buffer);
                var status = raw.sqlite3_step(statement);
                if (status != raw.SQLITE_ROW)
                    SqliteRaw.Check(db, status == raw.SQLITE_DONE ? raw.SQLITE_ERROR : status);
                var id = raw.sqlite3_column_int64(statement, 0);
                SqliteRaw.Check(db, raw.sqlite3_step(statement));
                SqliteRaw.Check(db, raw.sqlite3_reset(statement));
                // As a read would give it back: with its id, and its time to the millisecond the column holds.
                written[i] = entry with { Id = id, Time = DateTimeOffset.FromUnixTimeMilliseconds(unixMs) };
            }
            return written;
        }
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> entries; ids only grow, so that is a range of the primary key.</summary>
    public static int Trim(SqliteConnection connection, SqliteTransaction? transaction, int keep)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM journal WHERE id <= (SELECT MAX(id) FROM journal) - $keep";
        command.Parameters.AddWithValue("$keep", keep);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Host, kind and level have indexes with the id, time one of its own, and the journal is capped at journal_max_entries,
    /// so a page costs at most a pass (and, for several kinds or a time range, a sort) over the rows one filter leaves.
    /// </summary>
    public static IReadOnlyList<JournalEntry> Query(SqliteConnection connection, JournalQuery query)
    {
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Host is not null)
        {
            where.Add("host = $host");
            command.Parameters.AddWithValue("$host", query.Host);
        }
        if (query.Kinds is { Count: > 0 } kinds)
        {
            var names = new string[kinds.Count];
            for (var i = 0; i < kinds.Count; i++)
            {
                names[i] = "$kind" + i;
                command.Parameters.AddWithValue(names[i], kinds[i]);
            }
            where.Add($"kind IN ({string.Join(", ", names)})");
        }
        if (query.Level is not null)
        {
            where.Add("level = $level");
            command.Parameters.AddWithValue("$level", query.Level);
        }
        if (query.Since is { } since)
        {
            where.Add("time >= $since");
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        }
        if (query.Until is { } until)
        {
            where.Add("time < $until");
            command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        }
        if (query.Before is { } before)
        {
            where.Add("id < $before");
            command.Parameters.AddWithValue("$before", before);
        }
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, JournalQuery.MaxLimit));
        command.CommandText = "SELECT id, time, host, kind, level, text FROM journal"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY id DESC LIMIT $limit";
        using var reader = command.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
        {
            entries.Add(new JournalEntry(
                reader.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5)));
        }
        return entries;
    }
}
