using Hbd.Server.Journal;

namespace Hbd.Server.Store;

/// <summary>
/// What the store writer collected since its last write; written in one transaction, which also trims the journal to its
/// newest <see cref="JournalKeep"/> entries, so the cap holds at every commit and not only at the hourly prune.
/// </summary>
public sealed record StoreBatch(IReadOnlyList<PersistedHost> Hosts, IReadOnlyList<JournalEntry> Journal, IReadOnlyList<string> RemovedHosts,
    int JournalKeep = int.MaxValue)
{
    /// <summary>Notifications decided for this batch's journal entries (or reminders of earlier ones), written with them.</summary>
    public IReadOnlyList<Notify.OutboxRequest> Outbox { get; init; } = [];

    public bool IsEmpty => Hosts.Count == 0 && Journal.Count == 0 && RemovedHosts.Count == 0 && Outbox.Count == 0;
}
