using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Store.Sqlite;

/// <summary>What the file at hbd.db turned out to be.</summary>
internal enum SqliteFileKind
{
    /// <summary>No schema at all: a new or empty file.</summary>
    Empty,

    /// <summary>Marked with hbd's application_id.</summary>
    Hbd,

    /// <summary>Written by an hbd from before the application_id: version 1 with exactly its tables.</summary>
    HbdWithoutApplicationId,
}

/// <summary>
/// Decides, by reading only, whether a SQLite file is an hbd database. Runs before anything is written, so a
/// foreign database is refused exactly as it was found: not switched to WAL, not given our tables.
/// </summary>
internal static class SqliteFileCheck
{
    public static SqliteFileKind Classify(SqliteConnection connection, string path)
    {
        var applicationId = Pragma(connection, "application_id");
        var version = Pragma(connection, "user_version");
        var (objects, tables) = Schema(connection);
        if (applicationId == SqliteSchema.ApplicationId)
        {
            if (version > SqliteSchema.Migrations.Length)
            {
                throw new StartupException($"{path} was written by a newer hbd (schema version {version}; this one knows up to "
                    + $"{SqliteSchema.Migrations.Length}); run the newer hbd or choose another data_dir");
            }
            return SqliteFileKind.Hbd;
        }
        if (applicationId != 0)
            throw NotOurs(path, string.Create(CultureInfo.InvariantCulture, $"application_id 0x{applicationId:x8} is another program's"));
        if (version == 0 && objects == 0)
            return SqliteFileKind.Empty;
        if (version == 1 && tables.SetEquals(SqliteSchema.TablesOfVersion1))
            return SqliteFileKind.HbdWithoutApplicationId;
        throw NotOurs(path, tables.Count == 0
            ? $"a SQLite database at user_version {version}"
            : $"a SQLite database with tables {string.Join(", ", tables.Order(StringComparer.Ordinal))}");
    }

    public static StartupException NotOurs(string path, string why) =>
        new($"{path} is not an hbd database ({why}); move it away or choose another data_dir");

    private static long Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>How many schema objects there are, and the tables among them; SQLite's own (sqlite_sequence …) left out.</summary>
    private static (int Objects, HashSet<string> Tables) Schema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = @"SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'";
        using var reader = command.ExecuteReader();
        var objects = 0;
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            objects++;
            if (reader.GetString(0) == "table")
                tables.Add(reader.GetString(1));
        }
        return (objects, tables);
    }
}
