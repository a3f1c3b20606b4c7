using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hbd.Server.Store.Sqlite;

/// <summary>What a SQLite file of hbd's turned out to be.</summary>
internal enum SqliteFileKind
{
    /// <summary>No schema at all: a new or empty file.</summary>
    Empty,

    /// <summary>Marked with the expected application_id.</summary>
    Hbd,

    /// <summary>Written by an hbd from before the application_id: version 1 with exactly its tables (hbd.db only).</summary>
    HbdWithoutApplicationId,
}

/// <summary>
/// Decides, by reading only, whether a SQLite file is the hbd file it should be (<see cref="SqliteFileIdentity"/>). Runs
/// before anything is written, so a foreign database is refused exactly as it was found: not switched to WAL, not given
/// our tables.
/// </summary>
internal static class SqliteFileCheck
{
    public static SqliteFileKind Classify(SqliteConnection connection, string path, SqliteFileIdentity identity)
    {
        var applicationId = Pragma(connection, "application_id");
        var version = Pragma(connection, "user_version");
        var (objects, tables) = Schema(connection);
        if (applicationId == identity.ApplicationId)
        {
            if (version > identity.Versions)
            {
                throw new StartupException($"{path} was written by a newer hbd (schema version {version}; this one knows up to "
                    + $"{identity.Versions}); run the newer hbd or choose another data_dir");
            }
            return SqliteFileKind.Hbd;
        }
        if (applicationId != 0)
            throw NotOurs(path, identity, string.Create(CultureInfo.InvariantCulture, $"application_id 0x{applicationId:x8} is another program's"));
        if (version == 0 && objects == 0)
            return SqliteFileKind.Empty;
        if (version == 1 && identity.TablesWithoutApplicationId is { } legacy && tables.SetEquals(legacy))
            return SqliteFileKind.HbdWithoutApplicationId;
        throw NotOurs(path, identity, tables.Count == 0
            ? $"a SQLite database at user_version {version}"
            : $"a SQLite database with tables {string.Join(", ", tables.Order(StringComparer.Ordinal))}");
    }

    public static StartupException NotOurs(string path, SqliteFileIdentity identity, string why) =>
        new($"{path} is not {identity.Name} ({why}); move it away or choose another data_dir");

    /// <summary>One line for the operator, in SQLite's own words for what is wrong with the file.</summary>
    public static StartupException Unusable(string path, SqliteFileIdentity identity, SqliteException e)
    {
        var reason = raw.sqlite3_errstr(e.SqliteErrorCode).utf8_to_string();
        return e.SqliteErrorCode switch
        {
            raw.SQLITE_NOTADB => NotOurs(path, identity, reason),
            raw.SQLITE_CORRUPT => new StartupException($"{path} is damaged ({reason}); restore it from a backup or move it away"),
            _ => new StartupException($"cannot open {path} ({reason}); check that it is a file hbd may write, or choose another data_dir"),
        };
    }

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
