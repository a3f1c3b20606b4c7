using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hbd.Server.Store.Sqlite;

/// <summary>What the paths that speak to SQLite through its own API (SQLitePCL's <c>raw</c>) share.</summary>
internal static class SqliteRaw
{
    /// <summary>Throws the exception ADO.NET would for a status that is not a success.</summary>
    public static void Check(sqlite3 db, int status)
    {
        if (status is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
            throw new SqliteException($"SQLite Error {status}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", status);
    }
}
