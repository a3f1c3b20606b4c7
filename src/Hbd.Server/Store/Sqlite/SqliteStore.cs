using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Hbd.Server.Silences;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Store.Sqlite;

/// <summary>
/// The embedded store. WAL with synchronous=NORMAL: a committed batch survives the process being
/// killed; only a power cut can lose the last one. Writes come from the store writer alone; reads
/// (API) use their own connections, which WAL lets run beside the writer.
/// With <paramref name="mode"/> ReadOnly the store acts as one whose file cannot be written (permissions, a read-only
/// mount): reads work, writes fail with SQLite's "attempt to write a readonly database". Tests use it, as root
/// ignores file permissions.
/// </summary>
public sealed class SqliteStore(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) : IStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private SqliteConnection? _writer;

    public string Path { get; } = path;

    public void Open()
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        try
        {
            _writer = Connect();
            // Decided before the first write: a database that is not ours must be left as it was found.
            var kind = SqliteFileCheck.Classify(_writer, Path, SqliteSchema.Identity);
            Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            if (kind == SqliteFileKind.HbdWithoutApplicationId)
                Execute(_writer, $"PRAGMA application_id = {SqliteSchema.ApplicationId}");
            SqliteMigrator.Migrate(_writer, SqliteSchema.Migrations);
        }
        catch (SqliteException e)
        {
            Close();
            throw SqliteFileCheck.Unusable(Path, SqliteSchema.Identity, e);
        }
        catch (StartupException)
        {
            Close();
            throw;
        }
    }

    public IReadOnlyList<PersistedHost> LoadHosts() => SqliteHostRows.Read(Path, readOnly: mode == SqliteOpenMode.ReadOnly);

    public byte[]? LoadBody(string name)
    {
        using var connection = Connect();
        return SqliteHostRows.Body(connection, name);
    }

    public IReadOnlyList<JournalEntry> Write(StoreBatch batch)
    {
        if (batch.IsEmpty)
            return [];
        var connection = _writer ?? throw new InvalidOperationException("The store is not open.");
        using var transaction = connection.BeginTransaction();
        // Deletes first: a host forgotten and heard again within one batch is in Hosts as its new self.
        foreach (var name in batch.RemovedHosts)
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM hosts WHERE name = $name";
            delete.Parameters.AddWithValue("$name", name);
            delete.ExecuteNonQuery();
        }
        if (batch.Hosts.Count > 0)
            SqliteHostWriter.Write(connection, batch.Hosts);
        IReadOnlyList<JournalEntry> written = [];
        if (batch.Journal.Count > 0)
        {
            written = SqliteJournal.Insert(connection, batch.Journal);
            SqliteJournal.Trim(connection, transaction, batch.JournalKeep);
        }
        if (batch.Outbox.Count > 0)
            SqliteOutbox.Insert(connection, transaction, batch, written);
        transaction.Commit();
        return written;
    }

    /// <summary>SQLite reads are synchronous; they run on the caller's thread, beside the writer (WAL).</summary>
    public Task<IReadOnlyList<JournalEntry>> QueryJournalAsync(JournalQuery query, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Connect();
        return Task.FromResult(SqliteJournal.Query(connection, query));
    }

    public int PruneJournal(DateTimeOffset before, int keep)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM journal WHERE time < $before";
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() + SqliteJournal.Trim(connection, null, keep);
    }

    public Task<(Silence Silence, bool Added)> AddSilenceAsync(Silence silence, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Connect();
        return Task.FromResult(SqliteSilences.Add(connection, silence, now));
    }

    public Task<Silence?> RemoveSilenceAsync(long id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Connect();
        return Task.FromResult(SqliteSilences.Remove(connection, id));
    }

    public Task<IReadOnlyList<Silence>> QuerySilencesAsync(DateTimeOffset now, bool includeExpired, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Connect();
        return Task.FromResult(SqliteSilences.Query(connection, now, includeExpired));
    }

    public IReadOnlyList<Silence> LoadUnnotedSilences()
    {
        using var connection = Connect();
        return SqliteSilences.LoadUnnoted(connection);
    }

    public void NoteSilencesExpired(IReadOnlyCollection<long> ids)
    {
        using var connection = Connect();
        SqliteSilences.NoteExpired(connection, ids);
    }

    public int PruneSilences(DateTimeOffset before)
    {
        using var connection = Connect();
        return SqliteSilences.Prune(connection, before);
    }

    /// <summary>Senders' calls run on their own connections: the writer's belongs to the store writer's thread.</summary>
    public IReadOnlyList<OutboxRow> ClaimDue(DateTimeOffset now, DateTimeOffset staleClaimBefore, int max)
    {
        using var connection = Connect();
        return SqliteOutbox.ClaimDue(connection, now, staleClaimBefore, max);
    }

    public bool Complete(long id, int attempt, OutboxAttempt result, bool sent, DateTimeOffset? nextAttemptAt)
    {
        using var connection = Connect();
        return SqliteOutbox.Complete(connection, id, attempt, result, sent, nextAttemptAt);
    }

    public IReadOnlyList<bool> CompleteAll(IReadOnlyList<OutboxCompletion> completions)
    {
        using var connection = Connect();
        return SqliteOutbox.CompleteAll(connection, completions);
    }

    public int ReleaseClaims()
    {
        using var connection = Connect();
        return SqliteOutbox.ReleaseClaims(connection);
    }

    public DateTimeOffset? NextDue()
    {
        using var connection = Connect();
        return SqliteOutbox.NextDue(connection);
    }

    public Task<IReadOnlyList<OutboxEntry>> QueryOutboxAsync(OutboxQuery query, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Connect();
        return Task.FromResult(SqliteOutboxQuery.Query(connection, query));
    }

    public int PruneOutbox(DateTimeOffset before)
    {
        using var connection = Connect();
        return SqliteOutbox.Prune(connection, before);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Lets go of the file after a failed open: out of the pool too, which would otherwise keep it open.</summary>
    private void Close()
    {
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

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
