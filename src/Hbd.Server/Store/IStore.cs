using Hbd.Server.Journal;

namespace Hbd.Server.Store;

/// <summary>Where hosts and the journal are kept across restarts. Implementations are thread-safe.</summary>
public interface IStore : IDisposable
{
    /// <summary>Creates or migrates the schema; a database that is not hbd's, or not usable, is refused with a <see cref="StartupException"/>.</summary>
    void Open();

    IReadOnlyList<PersistedHost> LoadHosts();

    void Write(StoreBatch batch);

    IReadOnlyList<JournalEntry> QueryJournal(JournalQuery query);

    /// <summary>Deletes journal entries older than <paramref name="before"/> and beyond the newest <paramref name="keep"/>.</summary>
    int PruneJournal(DateTimeOffset before, int keep);
}
