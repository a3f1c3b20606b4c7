namespace Hbd.Server.Store.Sqlite;

/// <summary>
/// What marks a SQLite file as one of hbd's own: hbd keeps more than one (hbd.db, history.db), and each must refuse the
/// other's file, and any foreign one, before writing to it.
/// </summary>
/// <param name="Name">How a refusal names what the file should have been, e.g. "an hbd database".</param>
/// <param name="ApplicationId">The file's PRAGMA application_id.</param>
/// <param name="Versions">How many schema versions this hbd knows: a higher PRAGMA user_version is a newer hbd's.</param>
/// <param name="TablesWithoutApplicationId">
/// The tables of version 1 if that version was once written without the application_id (only hbd.db was), so such a file
/// is still recognised; null if every file of this kind was marked from the start.
/// </param>
internal sealed record SqliteFileIdentity(string Name, int ApplicationId, int Versions, IReadOnlyCollection<string>? TablesWithoutApplicationId);
