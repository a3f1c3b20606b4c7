using Hbd.Server.Journal;

namespace Hbd.Server.Store;

/// <summary>The journal: paged reads for the API, and retention.</summary>
public interface IJournalStore
{
    /// <summary>A page of entries, newest first.</summary>
    Task<IReadOnlyList<JournalEntry>> QueryJournalAsync(JournalQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes journal entries older than <paramref name="before"/> and beyond the newest <paramref name="keep"/>.</summary>
    int PruneJournal(DateTimeOffset before, int keep);
}
