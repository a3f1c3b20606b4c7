using System.Text.Json;
using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Store.Sqlite;

/// <summary>
/// Outbox rows: written with the journal, claimed and completed by senders. Every change a sender makes is one conditional
/// statement inside a write transaction (BEGIN IMMEDIATE, Microsoft.Data.Sqlite's default), and SQLite has one writer at a
/// time, so a condition is always tested against the latest commit: two senders never hold one row, and a sender whose
/// claim was taken over cannot record a result for it.
/// </summary>
internal static class SqliteOutbox
{
    public const string RowColumns =
        "id, journal_id, channel, repeat, message, created_at, attempts, next_attempt_at, claimed_at, sent_at, gave_up_at, last_error";

    private const string Pending = "sent_at IS NULL AND gave_up_at IS NULL";

    /// <summary>
    /// Writes a row per request in the batch's transaction; <paramref name="written"/> are the batch's journal entries with
    /// their ids. A decision written before (same entry, channel and repeat) is left as it is.
    /// </summary>
    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, StoreBatch batch, IReadOnlyList<JournalEntry> written)
    {
        var now = (batch.Now ?? (written.Count > 0 ? written.Max(e => e.Time)
            : throw new InvalidOperationException("A batch of outbox rows without journal entries must say when it was made (StoreBatch.Now).")))
            .ToUnixTimeMilliseconds();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR IGNORE INTO outbox (journal_id, channel, repeat, host, event, message, created_at, next_attempt_at)
            VALUES ($journal_id, $channel, $repeat, $host, $event, '', $now, $now)
            RETURNING id
            """;
        var journalId = insert.Parameters.Add("$journal_id", SqliteType.Integer);
        var channel = insert.Parameters.Add("$channel", SqliteType.Text);
        var repeat = insert.Parameters.Add("$repeat", SqliteType.Integer);
        var host = insert.Parameters.Add("$host", SqliteType.Text);
        var kind = insert.Parameters.Add("$event", SqliteType.Text);
        insert.Parameters.AddWithValue("$now", now);
        // The message names its row, whose id is known once it is inserted: written by a second statement, same transaction.
        using var message = connection.CreateCommand();
        message.Transaction = transaction;
        message.CommandText = "UPDATE outbox SET message = $message WHERE id = $id";
        var messageId = message.Parameters.Add("$id", SqliteType.Integer);
        var messageJson = message.Parameters.Add("$message", SqliteType.Text);
        foreach (var request in batch.Outbox)
        {
            var entryId = request.JournalIndex < 0 ? request.JournalId
                : request.JournalIndex < written.Count ? written[request.JournalIndex].Id
                : throw new ArgumentException($"An outbox request names journal entry {request.JournalIndex} of a batch of {written.Count}.", nameof(batch));
            journalId.Value = entryId;
            channel.Value = request.Channel;
            repeat.Value = request.Repeat;
            host.Value = (object?)request.Message.Host ?? DBNull.Value;
            kind.Value = request.Message.Event;
            if (insert.ExecuteScalar() is not long id)
                continue;
            messageId.Value = id;
            messageJson.Value = JsonSerializer.Serialize(request.Message with { OutboxId = id, JournalId = entryId }, OutboxJson.Default.Notification);
            message.ExecuteNonQuery();
        }
    }

    public static IReadOnlyList<OutboxRow> ClaimDue(SqliteConnection connection, DateTimeOffset now, DateTimeOffset staleClaimBefore, int max)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            UPDATE outbox SET claimed_at = $now, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM outbox
                WHERE {Pending} AND next_attempt_at <= $now AND (claimed_at IS NULL OR claimed_at < $stale)
                ORDER BY next_attempt_at, id LIMIT $max)
            RETURNING {RowColumns}
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$stale", staleClaimBefore.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", Math.Max(max, 0));
        var rows = ReadRows(command);
        transaction.Commit();
        // RETURNING gives rows in no promised order.
        return [.. rows.OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id)];
    }

    public static bool Complete(SqliteConnection connection, long id, int attempt, OutboxAttempt result, bool sent, DateTimeOffset? nextAttemptAt) =>
        CompleteAll(connection, [new OutboxCompletion(id, attempt, result, sent, nextAttemptAt)])[0];

    public static IReadOnlyList<bool> CompleteAll(SqliteConnection connection, IReadOnlyList<OutboxCompletion> completions)
    {
        using var transaction = connection.BeginTransaction();
        var applied = new bool[completions.Count];
        for (var i = 0; i < completions.Count; i++)
        {
            var c = completions[i];
            applied[i] = CompleteOne(connection, transaction, c.Id, c.Attempt, c.Result, c.Sent, c.NextAttemptAt);
        }
        transaction.Commit();
        return applied;
    }

    private static bool CompleteOne(SqliteConnection connection, SqliteTransaction transaction, long id, int attempt, OutboxAttempt result, bool sent,
        DateTimeOffset? nextAttemptAt)
    {
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        // claimed_at IS NOT NULL: a rescheduled row is pending at the same attempt, and must not take a second result for it.
        update.CommandText = $"""
            UPDATE outbox SET
                sent_at = CASE WHEN $sent THEN $at END,
                gave_up_at = CASE WHEN NOT $sent AND $next IS NULL THEN $at END,
                next_attempt_at = COALESCE($next, next_attempt_at),
                claimed_at = NULL,
                last_error = CASE WHEN $sent THEN NULL ELSE $detail END
            WHERE id = $id AND attempts = $attempt AND claimed_at IS NOT NULL AND {Pending}
            """;
        var at = result.At.ToUnixTimeMilliseconds();
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$attempt", attempt);
        update.Parameters.AddWithValue("$sent", sent);
        update.Parameters.AddWithValue("$at", at);
        update.Parameters.AddWithValue("$next", sent || nextAttemptAt is null ? DBNull.Value : nextAttemptAt.Value.ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$detail", result.Detail);
        if (update.ExecuteNonQuery() == 0)
            return false;
        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = "INSERT INTO outbox_attempts (outbox_id, attempt, at, result, detail) VALUES ($id, $attempt, $at, $result, $detail)";
        record.Parameters.AddWithValue("$id", id);
        record.Parameters.AddWithValue("$attempt", attempt);
        record.Parameters.AddWithValue("$at", at);
        record.Parameters.AddWithValue("$result", result.Result);
        record.Parameters.AddWithValue("$detail", result.Detail);
        record.ExecuteNonQuery();
        return true;
    }

    public static int ReleaseClaims(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE outbox SET claimed_at = NULL WHERE claimed_at IS NOT NULL";
        return command.ExecuteNonQuery();
    }

    public static DateTimeOffset? NextDue(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(next_attempt_at) FROM outbox WHERE {Pending} AND claimed_at IS NULL";
        return command.ExecuteScalar() is long due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null;
    }

    public static int Prune(SqliteConnection connection, DateTimeOffset before)
    {
        using var transaction = connection.BeginTransaction();
        const string Done = "sent_at < $before OR gave_up_at < $before";
        using var attempts = connection.CreateCommand();
        attempts.Transaction = transaction;
        attempts.CommandText = $"DELETE FROM outbox_attempts WHERE outbox_id IN (SELECT id FROM outbox WHERE {Done})";
        attempts.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        attempts.ExecuteNonQuery();
        using var rows = connection.CreateCommand();
        rows.Transaction = transaction;
        rows.CommandText = $"DELETE FROM outbox WHERE {Done}";
        rows.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        var deleted = rows.ExecuteNonQuery();
        transaction.Commit();
        return deleted;
    }

    /// <summary>Rows of <see cref="RowColumns"/>, in the order read.</summary>
    public static List<OutboxRow> ReadRows(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<OutboxRow>();
        while (reader.Read())
        {
            rows.Add(new OutboxRow
            {
                Id = reader.GetInt64(0),
                JournalId = reader.GetInt64(1),
                Channel = reader.GetString(2),
                Repeat = reader.GetInt32(3),
                Message = JsonSerializer.Deserialize(reader.GetString(4), OutboxJson.Default.Notification)
                    ?? throw new InvalidDataException($"Outbox row {reader.GetInt64(0)} has no message."),
                CreatedAt = Time(reader, 5)!.Value,
                Attempts = reader.GetInt32(6),
                NextAttemptAt = Time(reader, 7)!.Value,
                ClaimedAt = Time(reader, 8),
                SentAt = Time(reader, 9),
                GaveUpAt = Time(reader, 10),
                LastError = reader.IsDBNull(11) ? null : reader.GetString(11),
            });
        }
        return rows;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
