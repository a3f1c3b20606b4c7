using Hbd.Server.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.History.Sqlite;

/// <summary>
/// Metric history in SQLite, in a file of its own (history.db beside hbd.db): its writes, about 1,700 blocks a second at
/// 100,000 hosts, would otherwise hold the main database's write lock. WAL with synchronous=NORMAL, as hbd.db: a committed
/// batch survives the process being killed. One writer connection; reads use pooled connections of their own, which WAL
/// lets run beside a write and which see the database as of before or after it, never half of it.
/// </summary>
public sealed class SqliteHistoryStore(string path) : IHistoryStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Held for a whole batch: the interface promises thread safety, and SQLite has one writer anyway.</summary>
    private readonly Lock _writeLock = new();

    private SqliteConnection? _writer;
    private SqliteHistoryWriter? _batches;

    public string Path { get; } = path;

    public void Open()
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        lock (_writeLock)
        {
            Close();
            try
            {
                _writer = Connect();
                // Decided before the first write: a database that is not ours must be left as it was found.
                var kind = SqliteFileCheck.Classify(_writer, Path, SqliteHistorySchema.Identity);
                if (kind == SqliteFileKind.Empty)
                    Execute(_writer, $"PRAGMA page_size = {SqliteHistorySchema.PageSize}");
                Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
                SqliteMigrator.Migrate(_writer, SqliteHistorySchema.Migrations);
                _batches = new SqliteHistoryWriter(_writer);
            }
            catch (SqliteException e)
            {
                Close();
                throw SqliteFileCheck.Unusable(Path, SqliteHistorySchema.Identity, e);
            }
            catch (StartupException)
            {
                Close();
                throw;
            }
        }
    }

    public IReadOnlyList<HistorySeries> LoadSeries()
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, grp, metric FROM history_series ORDER BY id";
        using var reader = command.ExecuteReader();
        var series = new List<HistorySeries>();
        while (reader.Read())
            series.Add(new HistorySeries(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        return series;
    }

    public void Write(HistoryBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writeLock)
        {
            var batches = _batches ?? throw new InvalidOperationException("The history store is not open.");
            batches.Write(batch);
        }
    }

    /// <summary>
    /// A block's period is [start, start + block length), so only blocks starting at most one block length before
    /// <paramref name="fromMs"/> can reach it: that bound keeps the lookup a range of history_blocks_key.
    /// </summary>
    public IReadOnlyList<HistoryBlock> ReadBlocks(string host, HistoryTier tier, long fromMs, long untilMs)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT h.name, b.start_ms, b.end_ms, b.data
            FROM history_hosts h JOIN history_blocks b ON b.host_id = h.id
            WHERE h.name = $name AND b.tier = $tier AND b.start_ms >= $earliest AND b.start_ms <= $until AND b.end_ms >= $from
            ORDER BY b.start_ms
            """;
        command.Parameters.AddWithValue("$name", host);
        command.Parameters.AddWithValue("$tier", (int)tier);
        command.Parameters.AddWithValue("$earliest", fromMs - HistoryTiers.BlockMs(tier));
        command.Parameters.AddWithValue("$until", untilMs);
        command.Parameters.AddWithValue("$from", fromMs);
        using var reader = command.ExecuteReader();
        var blocks = new List<HistoryBlock>();
        while (reader.Read())
            blocks.Add(new HistoryBlock(reader.GetString(0), tier, reader.GetInt64(1), reader.GetInt64(2), (byte[])reader.GetValue(3)));
        return blocks;
    }

    public IReadOnlyList<string> HostsWithBlocks(HistoryTier tier, long startMs, long untilMs)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT name FROM history_hosts WHERE id IN (
                SELECT host_id FROM history_blocks WHERE tier = $tier AND start_ms >= $start AND start_ms < $until)
            ORDER BY name
            """;
        command.Parameters.AddWithValue("$tier", (int)tier);
        command.Parameters.AddWithValue("$start", startMs);
        command.Parameters.AddWithValue("$until", untilMs);
        using var reader = command.ExecuteReader();
        var hosts = new List<string>();
        while (reader.Read())
            hosts.Add(reader.GetString(0));
        return hosts;
    }

    /// <summary>
    /// Reads every block's length: a scan of the whole table (seconds at 100,000 hosts), so for status pages and
    /// benchmarks, not for every request. The file size counts the WAL, which holds what is not yet checkpointed.
    /// </summary>
    public HistoryStoreSize Size()
    {
        var tiers = HistoryTiers.All.ToDictionary(t => t, _ => (Blocks: 0L, Bytes: 0L));
        using (var connection = Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT tier, count(*), coalesce(sum(length(data)), 0) FROM history_blocks GROUP BY tier";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                tiers[(HistoryTier)reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }
        return new HistoryStoreSize(tiers, FileLength(Path) + FileLength(Path + "-wal"));
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            Close();
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
    }

    /// <summary>Lets go of the writer: out of the pool too, which would otherwise keep the file open.</summary>
    private void Close()
    {
        _batches = null;
        if (_writer is { } writer)
        {
            SqliteConnection.ClearPool(writer);
            writer.Dispose();
            _writer = null;
        }
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static long FileLength(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
