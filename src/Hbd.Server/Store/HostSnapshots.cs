using Hbd.Server.Commits;
using Hbd.Server.Hosts;

namespace Hbd.Server.Store;

/// <summary>Copies between live registry entries and stored rows.</summary>
public static class HostSnapshots
{
    /// <summary>
    /// A copy of the entry for the store; call under the entry's lock. Its body is copied (on the store writer's thread)
    /// when <paramref name="copyBody"/>, and otherwise left in the entry for the writer to read (<see cref="EntryBody"/>).
    /// </summary>
    public static PersistedHost Take(HostEntry entry, bool copyBody = true)
    {
        var held = entry.Body;
        var body = copyBody ? held?.ToArray() : null;
        return new()
        {
            Name = entry.Name,
            Address = entry.Address,
            FirstSeen = entry.FirstSeen,
            LastSeen = entry.LastSeen,
            Interval = entry.Interval,
            RunId = entry.Replay.RunId,
            Sequence = entry.Replay.HighestSequence,
            SentAtUnixMs = entry.Replay.LastSentAtUnixMs,
            // Unknown is this server's ignorance, not a fact worth keeping: keep what was known before.
            State = HostStates.Name(entry.State == HostState.Unknown ? entry.StoredState : entry.State),
            StateSince = entry.StateSince,
            Level = (byte)entry.Level,
            Body = body,
            EntryBody = held is not null && !copyBody ? new EntryBody(entry, entry.BodyVersion) : null,
            // Read here too, once per beat; a row without a body carries none (the last one holds).
            Load = held is { } current ? HostLoad.Read(current) : HostLoad.None,
            Inventory = entry.Inventory,
            InventoryAt = entry.InventoryAt,
        };
    }

    /// <summary>
    /// The store has written the entry's body of <paramref name="bodyVersion"/>: the entry lets go of it, unless a newer beat
    /// replaced it, and its buffer goes back to <paramref name="bodies"/>. Takes the entry's lock.
    /// </summary>
    public static void Stored(HostEntry entry, long bodyVersion, BodyBufferPool bodies)
    {
        lock (entry.Sync)
            entry.BodyStored(bodyVersion, bodies);
    }

    /// <summary>The entry as it is now, for the read model; takes the entry's lock.</summary>
    public static HostSnapshot Snapshot(HostEntry entry)
    {
        lock (entry.Sync)
            return new HostSnapshot(Take(entry), entry.State);
    }

    /// <summary>
    /// The snapshot a stored row's entry gives once <see cref="HostRegistry.Restore"/> has put it back (unknown since
    /// <paramref name="startedAt"/>), made from the row alone: the read model is loaded beside the registry at start.
    /// </summary>
    public static HostSnapshot Restored(PersistedHost row, DateTimeOffset startedAt) =>
        new(row with { StateSince = startedAt, Level = Math.Min(row.Level, (byte)Hbd.Common.AlertLevel.Unknown) }, HostState.Unknown);

    /// <summary>A registry entry from a stored row, its body left in the store; <see cref="HostRegistry.Restore"/> makes it unknown until heard.</summary>
    public static HostEntry Restore(PersistedHost host)
    {
        var entry = new HostEntry(host.Name)
        {
            Address = host.Address,
            FirstSeen = host.FirstSeen,
            LastSeen = host.LastSeen,
            Interval = host.Interval,
            State = HostStates.Parse(host.State),
            StateSince = host.StateSince,
            Level = (Hbd.Common.AlertLevel)Math.Min(host.Level, (byte)3),
            Inventory = host.Inventory,
            InventoryAt = host.InventoryAt,
        };
        if (host.FirstSeen is not null)
            entry.Replay = Hbd.Common.Protocol.ReplayWindow.Restore(host.RunId, host.Sequence, host.SentAtUnixMs);
        return entry;
    }
}
