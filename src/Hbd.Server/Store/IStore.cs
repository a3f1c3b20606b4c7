using Hbd.Server.Journal;

namespace Hbd.Server.Store;

/// <summary>
/// Where hosts, the journal, silences and the notification outbox are kept across restarts: one interface per concern for what
/// reads it, and one batch write as the unit of work. Implementations are thread-safe.
/// </summary>
public interface IStore : IHostStore, IJournalStore, ISilenceStore, Notify.IOutboxStore, IDisposable
{
    /// <summary>Creates or migrates the schema; a database that is not hbd's, or not usable, is refused with a <see cref="StartupException"/>.</summary>
    void Open();

    /// <summary>
    /// Writes the batch in one transaction, its outbox rows with the journal entries they are about (so a notification is
    /// decided exactly when its entry is committed); returns the journal entries as written, with their ids.
    /// </summary>
    IReadOnlyList<JournalEntry> Write(StoreBatch batch);
}
