using System.Globalization;
using Hbd.Server.Notify;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Store.Sqlite;

/// <summary>Pages of the outbox for GET /api/notifications: newest first, each row with its attempts (read in one more query, not one per row).</summary>
internal static class SqliteOutboxQuery
{
    public static IReadOnlyList<OutboxEntry> Query(SqliteConnection connection, OutboxQuery query)
    {
        using var command = connection.CreateCommand();
        var where = new List<string>();
        switch (query.Status)
        {
            case null:
                break;
            case OutboxQuery.Pending:
                where.Add("sent_at IS NULL AND gave_up_at IS NULL");
                break;
            case OutboxQuery.Sent:
                where.Add("sent_at IS NOT NULL");
                break;
            case OutboxQuery.GivenUp:
                where.Add("gave_up_at IS NOT NULL");
                break;
            default:
                throw new ArgumentException($"Unknown outbox status '{query.Status}': {OutboxQuery.Pending}, {OutboxQuery.Sent} or {OutboxQuery.GivenUp}.",
                    nameof(query));
        }
        if (query.Host is not null)
        {
            where.Add("host = $host");
            command.Parameters.AddWithValue("$host", query.Host);
        }
        if (query.Channel is not null)
        {
            where.Add("channel = $channel");
            command.Parameters.AddWithValue("$channel", query.Channel);
        }
        if (query.BeforeId is { } before)
        {
            where.Add("id < $before");
            command.Parameters.AddWithValue("$before", before);
        }
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, OutboxQuery.MaxLimit));
        command.CommandText = $"SELECT {SqliteOutbox.RowColumns} FROM outbox"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY id DESC LIMIT $limit";
        var rows = SqliteOutbox.ReadRows(command);
        var attempts = Attempts(connection, rows);
        return [.. rows.Select(r => new OutboxEntry(r, attempts.TryGetValue(r.Id, out var list) ? list : []))];
    }

    private static Dictionary<long, List<OutboxAttempt>> Attempts(SqliteConnection connection, List<OutboxRow> rows)
    {
        var byRow = new Dictionary<long, List<OutboxAttempt>>();
        if (rows.Count == 0)
            return byRow;
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT outbox_id, attempt, at, result, detail FROM outbox_attempts
            WHERE outbox_id IN (SELECT value FROM json_each($ids))
            ORDER BY outbox_id, attempt
            """;
        command.Parameters.AddWithValue("$ids", "[" + string.Join(',', rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture))) + "]");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var attempt = new OutboxAttempt(reader.GetInt64(0), reader.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetString(3), reader.GetString(4));
            if (!byRow.TryGetValue(attempt.OutboxId, out var list))
                byRow[attempt.OutboxId] = list = [];
            list.Add(attempt);
        }
        return byRow;
    }
}
