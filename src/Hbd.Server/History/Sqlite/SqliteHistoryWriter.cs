using Microsoft.Data.Sqlite;

namespace Hbd.Server.History.Sqlite;

/// <summary>
/// Writes batches on the one writer connection: each statement prepared once per transaction and run for every row, and
/// host ids kept in memory so that a block costs one insert, not a lookup of its host first.
/// </summary>
internal sealed class SqliteHistoryWriter(SqliteConnection connection)
{
    /// <summary>Every host row, by name as SQLite's NOCASE compares hbd's (ASCII) names; loaded on the first write.</summary>
    private Dictionary<string, long>? _hostIds;

    /// <summary>
    /// Series first, then removed hosts (a host deleted and heard again within the batch keeps its new blocks), then
    /// blocks, then pruning. Series ids are the catalog's own: one named twice is a bug and fails the batch.
    /// </summary>
    public void Write(HistoryBatch batch)
    {
        var hostIds = _hostIds ??= LoadHostIds();
        using var transaction = connection.BeginTransaction();
        try
        {
            InsertSeries(transaction, batch.NewSeries);
            RemoveHosts(transaction, hostIds, batch.RemovedHosts);
            InsertBlocks(transaction, hostIds, batch.Blocks);
            Prune(transaction, batch.Prune);
            transaction.Commit();
        }
        catch
        {
            // The ids of hosts inserted or deleted in the rolled-back transaction are wrong now: read them again next time.
            _hostIds = null;
            throw;
        }
    }

    private Dictionary<string, long> LoadHostIds()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, id FROM history_hosts";
        using var reader = command.ExecuteReader();
        var ids = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
            ids[reader.GetString(0)] = reader.GetInt64(1);
        return ids;
    }

    private void InsertSeries(SqliteTransaction transaction, IReadOnlyList<HistorySeries> series)
    {
        if (series.Count == 0)
            return;
        using var command = Prepare(transaction, "INSERT INTO history_series (id, grp, metric) VALUES ($id, $grp, $metric)",
            out var parameters, ("$id", SqliteType.Integer), ("$grp", SqliteType.Text), ("$metric", SqliteType.Text));
        foreach (var one in series)
        {
            parameters[0].Value = one.Id;
            parameters[1].Value = one.Group;
            parameters[2].Value = one.Metric;
            command.ExecuteNonQuery();
        }
    }

    private void RemoveHosts(SqliteTransaction transaction, Dictionary<string, long> hostIds, IReadOnlyList<string> hosts)
    {
        if (hosts.Count == 0)
            return;
        using var blocks = Prepare(transaction, "DELETE FROM history_blocks WHERE host_id = $id", out var blockId, ("$id", SqliteType.Integer));
        using var host = Prepare(transaction, "DELETE FROM history_hosts WHERE id = $id", out var hostId, ("$id", SqliteType.Integer));
        foreach (var name in hosts)
        {
            if (!hostIds.Remove(name, out var id))
                continue;
            blockId[0].Value = id;
            blocks.ExecuteNonQuery();
            hostId[0].Value = id;
            host.ExecuteNonQuery();
        }
    }

    private void InsertBlocks(SqliteTransaction transaction, Dictionary<string, long> hostIds, IReadOnlyList<HistoryBlock> blocks)
    {
        if (blocks.Count == 0)
            return;
        using var newHost = Prepare(transaction, "INSERT INTO history_hosts (name) VALUES ($name) RETURNING id",
            out var name, ("$name", SqliteType.Text));
        // OR REPLACE: a block with the key of a stored one (history_blocks_key) takes its place, as a new row at the end.
        using var insert = Prepare(transaction, """
            INSERT OR REPLACE INTO history_blocks (host_id, tier, start_ms, end_ms, data)
            VALUES ($host_id, $tier, $start_ms, $end_ms, $data)
            """, out var values, ("$host_id", SqliteType.Integer), ("$tier", SqliteType.Integer), ("$start_ms", SqliteType.Integer),
            ("$end_ms", SqliteType.Integer), ("$data", SqliteType.Blob));
        foreach (var block in blocks)
        {
            if (!hostIds.TryGetValue(block.Host, out var id))
            {
                name[0].Value = block.Host;
                id = (long)newHost.ExecuteScalar()!;
                hostIds.Add(block.Host, id);
            }
            values[0].Value = id;
            values[1].Value = (int)block.Tier;
            values[2].Value = block.StartMs;
            values[3].Value = block.EndMs;
            values[4].Value = block.Data;
            insert.ExecuteNonQuery();
        }
    }

    private void Prune(SqliteTransaction transaction, IReadOnlyList<HistoryPrune> prune)
    {
        if (prune.Count == 0)
            return;
        using var command = Prepare(transaction, "DELETE FROM history_blocks WHERE tier = $tier AND start_ms < $before",
            out var parameters, ("$tier", SqliteType.Integer), ("$before", SqliteType.Integer));
        foreach (var (tier, before) in prune)
        {
            parameters[0].Value = (int)tier;
            parameters[1].Value = before;
            command.ExecuteNonQuery();
        }
    }

    private SqliteCommand Prepare(SqliteTransaction transaction, string sql, out SqliteParameter[] parameters,
        params (string Name, SqliteType Type)[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        parameters = [.. names.Select(n => command.Parameters.Add(n.Name, n.Type))];
        command.Prepare();
        return command;
    }
}
