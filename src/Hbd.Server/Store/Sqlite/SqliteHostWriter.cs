using Microsoft.Data.Sqlite;

namespace Hbd.Server.Store.Sqlite;

/// <summary>Upserts host rows with one prepared statement per batch.</summary>
internal static class SqliteHostWriter
{
    public static void Upsert(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<PersistedHost> hosts)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO hosts (name, address, first_seen, last_seen, interval_ms, run_id, sequence, sent_at,
                               state, state_since, level, body, inventory, inventory_at)
            VALUES ($name, $address, $first_seen, $last_seen, $interval_ms, $run_id, $sequence, $sent_at,
                    $state, $state_since, $level, $body, $inventory, $inventory_at)
            ON CONFLICT (name) DO UPDATE SET
                address = excluded.address, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
                interval_ms = excluded.interval_ms, run_id = excluded.run_id, sequence = excluded.sequence,
                sent_at = excluded.sent_at, state = excluded.state, state_since = excluded.state_since,
                level = excluded.level, body = COALESCE(excluded.body, hosts.body),
                inventory = COALESCE(excluded.inventory, hosts.inventory),
                inventory_at = COALESCE(excluded.inventory_at, hosts.inventory_at)
            """;
        string[] names = ["$name", "$address", "$first_seen", "$last_seen", "$interval_ms", "$run_id", "$sequence", "$sent_at",
            "$state", "$state_since", "$level", "$body", "$inventory", "$inventory_at"];
        var parameters = names.Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();
        parameters[11].SqliteType = SqliteType.Blob;
        parameters[12].SqliteType = SqliteType.Blob;
        command.Prepare();
        foreach (var host in hosts)
        {
            object?[] values =
            [
                host.Name, host.Address, host.FirstSeen?.ToUnixTimeMilliseconds(), host.LastSeen?.ToUnixTimeMilliseconds(),
                (long)host.Interval.TotalMilliseconds, unchecked((long)host.RunId), unchecked((long)host.Sequence), host.SentAtUnixMs,
                host.State, host.StateSince.ToUnixTimeMilliseconds(), (long)host.Level, host.Body, host.Inventory,
                host.InventoryAt?.ToUnixTimeMilliseconds(),
            ];
            for (var i = 0; i < values.Length; i++)
                parameters[i].Value = values[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }
}
