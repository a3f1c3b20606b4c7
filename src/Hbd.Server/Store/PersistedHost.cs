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

    /// <summary>The latest body's load for the host list; the store reads it from the body rather than keeping it apart.</summary>
    public HostLoad Load { get; init; } = HostLoad.None;
    public byte[]? Inventory { get; init; }
    public DateTimeOffset? InventoryAt { get; init; }
}
