namespace Hbd.Common.Protocol;

/// <summary>
/// A validated datagram, decoded without copying: the header fields the server's hot path needs,
/// and slices of the datagram for the rest. Valid only as long as the buffer it was decoded from.
/// </summary>
public readonly struct HeartbeatFrame
{
    /// <summary>UTF-8 host name, validated (DNS-like characters, 1..253 bytes).</summary>
    public ReadOnlyMemory<byte> HostName { get; init; }

    public ulong RunId { get; init; }

    public ulong Sequence { get; init; }

    public long SentAtUnixMs { get; init; }

    public uint IntervalMs { get; init; }

    public AlertLevel Level { get; init; }

    public bool IsSigned { get; init; }

    public bool IsMessageOnly { get; init; }

    /// <summary>The MessagePack body map, everything between header and tag.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Header and body: the bytes the tag authenticates.</summary>
    public ReadOnlyMemory<byte> SignedBytes { get; init; }

    /// <summary>The HMAC-SHA256 tag; empty when unsigned.</summary>
    public ReadOnlyMemory<byte> Tag { get; init; }

    /// <summary>The raw inventory map; empty when this beat carries none.</summary>
    public ReadOnlyMemory<byte> Inventory { get; init; }

    /// <summary>UTF-8 journal message; empty when none.</summary>
    public ReadOnlyMemory<byte> Message { get; init; }
}
