using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hbd.Server.Store.Sqlite;

/// <summary>
/// Brings a database's schema up to date: each migration not yet applied runs in its own transaction with the
/// PRAGMA user_version that records it, so a crash between two leaves a database at a version it really has.
/// </summary>
internal static class SqliteMigrator
{
    public static void Migrate(SqliteConnection connection, IReadOnlyList<string> migrations)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
        for (var v = current; v < migrations.Count; v++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, migrations[v], transaction);
            Execute(connection, $"PRAGMA user_version = {v + 1}", transaction);
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
