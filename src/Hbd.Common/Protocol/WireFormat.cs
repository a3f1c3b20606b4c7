using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Hbd.Common.Protocol;

/// <summary>Constants of the datagram layout; docs/protocol.md is the normative description.</summary>
public static class WireFormat
{
    public const byte Magic0 = (byte)'H';
    public const byte Magic1 = (byte)'B';
    public const byte Version = 1;
    public const int HeaderSize = 4;
    public const int TagSize = 32;

    /// <summary>Larger datagrams are rejected unread; a typical beat is about 750 bytes signed (vector D), a full inventory a few KiB.</summary>
    public const int MaxDatagramSize = 16 * 1024;

    public const int MaxStringBytes = 1024;
    public const int MaxCollectionCount = 1024;
    public const int MaxInventoryDepth = 4;

    /// <summary>Header flag bits.</summary>
    public const byte FlagSigned = 0x01;
    public const byte FlagEncrypted = 0x02;
    public const byte FlagMessage = 0x04;
    public const byte KnownFlags = FlagSigned | FlagMessage;

    /// <summary>Integer keys of the body map.</summary>
    public const int KeyHost = 0;
    public const int KeyRunId = 1;
    public const int KeySequence = 2;
    public const int KeySentAt = 3;
    public const int KeyInterval = 4;
    public const int KeyLevel = 5;
    public const int KeyMetrics = 6;
    public const int KeyLevels = 7;
    public const int KeyChecks = 8;
    public const int KeyInventory = 9;
    public const int KeyMessage = 10;
    public const int KeyCount = 11;

    /// <summary>
    /// Metric names sent as their index (a positive fixint) instead of a string in keys 6 and 7. Index 0 is unused.
    /// Append-only: an entry is never removed, renamed or moved, since the index is what travels.
    /// </summary>
    public static readonly ImmutableArray<string> WellKnownMetricNames =
    [
        "",
        "usage", "iowait", "steal", "load1", "load5", "load15", "cores",                     // 1-7
        "total", "available", "used_pct", "swap_total", "swap_used_pct",                     // 8-12
        "size", "used", "inodes_used_pct", "read_bps", "write_bps",                          // 13-17
        "rx_bps", "tx_bps", "rx_pps", "tx_pps", "errors", "drops",                           // 18-23
        "rx_errors", "tx_errors", "rx_drops", "tx_drops", "free", "uptime", "time", "value", // 24-31
    ];

    /// <summary>Name → index of <see cref="WellKnownMetricNames"/>, for the encoder.</summary>
    internal static readonly FrozenDictionary<string, byte> WellKnownMetricIndex =
        Enumerable.Range(1, WellKnownMetricNames.Length - 1).ToFrozenDictionary(i => WellKnownMetricNames[i], i => (byte)i, StringComparer.Ordinal);
}
