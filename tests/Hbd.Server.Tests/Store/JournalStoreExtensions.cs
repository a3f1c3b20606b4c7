using Hbd.Server.Journal;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Store;

/// <summary>Synchronous journal reads for tests (SQLite's reads complete synchronously anyway).</summary>
internal static class JournalStoreExtensions
{
    public static IReadOnlyList<JournalEntry> QueryJournal(this IJournalStore store, JournalQuery query) =>
        store.QueryJournalAsync(query).GetAwaiter().GetResult();
}
