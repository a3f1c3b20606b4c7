using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hbd.Server.Store.Sqlite;

/// <summary>What the paths that speak to SQLite through its own API (SQLitePCL's <c>raw</c>) share.</summary>
internal static class SqliteRaw
{
    /// <summary>A stack buffer of this size holds any host name (253 characters) as UTF-8 at its worst.</summary>
    public const int TextBufferSize = 1024;

    /// <summary>
    /// Binds a string as UTF-8 through <paramref name="buffer"/> (SQLite copies it), allocating only for one longer than a
    /// host name can be. An empty span would reach SQLite as a null pointer, which binds NULL: "" goes as a string.
    /// </summary>
    public static void BindText(sqlite3_stmt statement, int index, string? value, Span<byte> buffer)
    {
        if (value is null)
            raw.sqlite3_bind_null(statement, index);
        else if (value.Length == 0 || Encoding.UTF8.GetMaxByteCount(value.Length) > buffer.Length)
            raw.sqlite3_bind_text(statement, index, value);
        else
            raw.sqlite3_bind_text(statement, index, buffer[..Encoding.UTF8.GetBytes(value, buffer)]);
    }

    /// <summary>Throws the exception ADO.NET would for a status that is not a success.</summary>
    public static void Check(sqlite3 db, int status)
    {
        if (status is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
            throw new SqliteException($"SQLite Error {status}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", status);
    }
}
