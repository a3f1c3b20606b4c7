using Hbd.Server.Silences;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Store.Sqlite;

/// <summary>Silence rows. Patterns are stored comma-separated: a pattern cannot hold a comma.</summary>
internal static class SqliteSilences
{
    private const string Columns = "id, hosts, until, comment, created_at, created_by";

    public static (Silence Silence, bool Added) Add(SqliteConnection connection, Silence silence, DateTimeOffset now)
    {
        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): two requests cannot both find no duplicate and both insert.
        using var transaction = connection.BeginTransaction();
        using (var same = connection.CreateCommand())
        {
            same.Transaction = transaction;
            same.CommandText = $"SELECT {Columns} FROM silences WHERE until = $until AND comment IS $comment AND until > $now";
            same.Parameters.AddWithValue("$until", silence.Until.ToUnixTimeMilliseconds());
            same.Parameters.AddWithValue("$comment", (object?)silence.Comment ?? DBNull.Value);
            same.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            foreach (var existing in Read(same))
            {
                if (existing.SameAs(silence))
                    return (existing, false);
            }
        }
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO silences (hosts, until, comment, created_at, created_by) VALUES ($hosts, $until, $comment, $created_at, $created_by)
            RETURNING id
            """;
        insert.Parameters.AddWithValue("$hosts", string.Join(',', silence.Hosts));
        insert.Parameters.AddWithValue("$until", silence.Until.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$comment", (object?)silence.Comment ?? DBNull.Value);
        insert.Parameters.AddWithValue("$created_at", silence.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$created_by", silence.CreatedBy);
        var id = (long)insert.ExecuteScalar()!;
        transaction.Commit();
        // As a read would give it back: times to the millisecond the columns hold.
        return (silence with
        {
            Id = id,
            Until = DateTimeOffset.FromUnixTimeMilliseconds(silence.Until.ToUnixTimeMilliseconds()),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(silence.CreatedAt.ToUnixTimeMilliseconds()),
        }, true);
    }

    public static Silence? Remove(SqliteConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM silences WHERE id = $id RETURNING {Columns}";
        command.Parameters.AddWithValue("$id", id);
        return Read(command).SingleOrDefault();
    }

    public static IReadOnlyList<Silence> Query(SqliteConnection connection, DateTimeOffset now, bool includeExpired)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM silences" + (includeExpired ? "" : " WHERE until > $now") + " ORDER BY id DESC";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return Read(command);
    }

    public static IReadOnlyList<Silence> LoadUnnoted(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM silences WHERE expiry_noted = 0 ORDER BY id";
        return Read(command);
    }

    public static void NoteExpired(SqliteConnection connection, IReadOnlyCollection<long> ids)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE silences SET expiry_noted = 1 WHERE id = $id";
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        foreach (var value in ids)
        {
            id.Value = value;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public static int Prune(SqliteConnection connection, DateTimeOffset before)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM silences WHERE expiry_noted = 1 AND until < $before";
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private static List<Silence> Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var silences = new List<Silence>();
        while (reader.Read())
        {
            silences.Add(new Silence(
                reader.GetInt64(0),
                reader.GetString(1).Split(','),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.GetString(5)));
        }
        return silences;
    }
}
