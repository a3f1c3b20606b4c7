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
    public byte[]? Body { get; init; }
    public byte[]? Inventory { get; init; }
    public DateTimeOffset? InventoryAt { get; init; }
}
