using System.Text;
using Hbd.Server.Hosts;
using SQLitePCL;

namespace Hbd.Server.Store.Sqlite;

/// <summary>
/// Reads every stored host at start through SQLite's own API on a connection of its own without SQLite's mutex: a million
/// rows of 14 columns through ADO.NET cost two calls into SQLite per column, each taking the connection's mutex, and were
/// half of a restart. Bodies stay in the store: each is read in place for its load, and read again only when asked for.
/// </summary>
internal static class SqliteHostRows
{
    private const string Query = """
        SELECT name, address, first_seen, last_seen, interval_ms, run_id, sequence, sent_at,
               state, state_since, level, body, inventory, inventory_at
        FROM hosts
        """;

    public static List<PersistedHost> Read(string path, bool readOnly)
    {
        var flags = (readOnly ? raw.SQLITE_OPEN_READONLY : raw.SQLITE_OPEN_READWRITE) | raw.SQLITE_OPEN_NOMUTEX;
        var status = raw.sqlite3_open_v2(path, out var db, flags, null);
        using (db)
        {
            SqliteRaw.Check(db, status);
            SqliteRaw.Check(db, raw.sqlite3_busy_timeout(db, 30_000));
            SqliteRaw.Check(db, raw.sqlite3_prepare_v2(db, Query, out var statement));
            using (statement)
            {
                var hosts = new List<PersistedHost>();
                var body = new byte[4096];
                while ((status = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                    hosts.Add(Row(statement, ref body));
                if (status != raw.SQLITE_DONE)
                    SqliteRaw.Check(db, status);
                return hosts;
            }
        }
    }

    private static PersistedHost Row(sqlite3_stmt row, ref byte[] body) => new()
    {
        Name = Text(row, 0)!,
        Address = Text(row, 1),
        FirstSeen = Time(row, 2),
        LastSeen = Time(row, 3),
        Interval = TimeSpan.FromMilliseconds(raw.sqlite3_column_int64(row, 4)),
        RunId = unchecked((ulong)raw.sqlite3_column_int64(row, 5)),
        Sequence = unchecked((ulong)raw.sqlite3_column_int64(row, 6)),
        SentAtUnixMs = raw.sqlite3_column_int64(row, 7),
        State = StateName(raw.sqlite3_column_blob(row, 8)),
        StateSince = DateTimeOffset.FromUnixTimeMilliseconds(raw.sqlite3_column_int64(row, 9)),
        Level = (byte)raw.sqlite3_column_int64(row, 10),
        Load = LoadOf(row, 11, ref body),
        Inventory = Blob(row, 12),
        InventoryAt = Time(row, 13),
    };

    private static string? Text(sqlite3_stmt row, int column) =>
        raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(row, column));

    private static DateTimeOffset? Time(sqlite3_stmt row, int column) =>
        raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL ? null : DateTimeOffset.FromUnixTimeMilliseconds(raw.sqlite3_column_int64(row, column));

    /// <summary>The load of the body in this column, read through one buffer for all rows.</summary>
    private static HostLoad LoadOf(sqlite3_stmt row, int column, ref byte[] buffer)
    {
        var stored = raw.sqlite3_column_blob(row, column);
        if (stored.IsEmpty)
            return HostLoad.None;
        if (stored.Length > buffer.Length)
            buffer = new byte[stored.Length];
        stored.CopyTo(buffer);
        return HostLoad.Read(buffer.AsMemory(0, stored.Length));
    }

    /// <summary>One host's stored body, for the API; null for a host never heard from or not stored.</summary>
    public static byte[]? Body(Microsoft.Data.Sqlite.SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM hosts WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is byte[] body ? body : null;
    }

    private static byte[]? Blob(sqlite3_stmt row, int column) =>
        raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_blob(row, column).ToArray();

    /// <summary>The state's name as <see cref="HostStates"/> spells it: one string for all hosts rather than one each.</summary>
    private static string StateName(ReadOnlySpan<byte> stored)
    {
        foreach (var state in (ReadOnlySpan<HostState>)[HostState.Up, HostState.Late, HostState.Down, HostState.Unknown])
        {
            if (Ascii.Equals(stored, HostStates.Name(state)))
                return HostStates.Name(state);
        }
        return Encoding.UTF8.GetString(stored);
    }
}
