using Hbd.Server.Hosts;

namespace Hbd.Server.Store;

/// <summary>A host as the store keeps it: enough to restore the registry after a restart.</summary>
public sealed record PersistedHost
{
    public required string Name { get; init; }
    public string? Address { get; init; }
    public DateTimeOffset? FirstSeen { get; init; }
    public DateTimeOffset? LastSeen { get; init; }
    public TimeSpan Interval { get; init; }
    public ulong RunId { get; init; }
    public ulong Sequence { get; init; }
    public long SentAtUnixMs { get; init; }
    public required string State { get; init; }
    public DateTimeOffset StateSince { get; init; }
    public byte Level { get; init; }
    /// <summary>The latest beat's body; null when unchanged since the store last had it (a write keeps the stored one).</summary>
    public byte[]? Body { get; init; }

    /// <summary>
    /// Instead of <see cref="Body"/>, where the body still is: in the registry's entry, read from there by the writer, so
    /// that no copy of it is made when nobody but the store reads it.
    /// </summary>
    public EntryBody? EntryBody { get; init; }

    /// <summary>Whether the row carries a new beat's body, copied or left in the entry.</summary>
    public bool CarriesBody => Body is not null || EntryBody is not null;

    /// <summary>
    /// The load of <see cref="Body"/> for the host list, or, without a body, of the stored one as the store read it at
    /// start; none in a row that carries neither (the last one holds).
    /// </summary>
    public HostLoad Load { get; init; } = HostLoad.None;
    public byte[]? Inventory { get; init; }
    public DateTimeOffset? InventoryAt { get; init; }
}
