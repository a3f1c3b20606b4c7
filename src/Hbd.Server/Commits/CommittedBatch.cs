using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Hbd.Server.Store;

namespace Hbd.Server.Commits;

/// <summary>
/// One transaction of the store writer, published after it committed: what every consumer (live feed, read model, metrics,
/// and later history, notifications and DNS) sees, in order of <see cref="Sequence"/>. What was not written is never here.
/// Hosts come as the read model's records, which later commits update in place: a consumer that is behind reads a host
/// as it is now, never older than this batch left it. <paramref name="Beats"/> are the
/// rows written that carry a new beat's body, for the consumers that read bodies (the history), and only while one is
/// subscribed for them (<see cref="CommitFeed.Subscribe"/>): otherwise the store reads each body where the receive thread
/// left it, and no copy is made. The feed's memory of recent batches keeps them without, so that bodies die young.
/// </summary>
public sealed record CommittedBatch(
    long Sequence,
    DateTimeOffset CommittedAt,
    IReadOnlyList<HostRecord> Hosts,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<string> Removed,
    IReadOnlyList<PersistedHost> Beats);

/// <summary>A host as one commit wrote it, with its live state (the stored row keeps the last known one instead of unknown).</summary>
public sealed record HostSnapshot(PersistedHost Row, HostState State)
{
    public string Name => Row.Name;
}
