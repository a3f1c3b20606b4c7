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

    /// <summary>
    /// When the batch was made: its outbox rows' <c>created_at</c> and first <c>next_attempt_at</c>, so they are due at once.
    /// Null stands for the time of the batch's newest journal entry, which is when an event's notification was decided; a
    /// batch of reminders alone (no journal entries) must set it.
    /// </summary>
    public DateTimeOffset? Now { get; init; }

    public bool IsEmpty => Hosts.Count == 0 && Journal.Count == 0 && RemovedHosts.Count == 0 && Outbox.Count == 0;
}
