namespace Hbd.Common.Protocol;

/// <summary>Constants of the datagram layout; docs/protocol.md is the normative description.</summary>
public static class WireFormat
{
    public const byte Magic0 = (byte)'H';
    public const byte Magic1 = (byte)'B';
    public const byte Version = 1;
    public const int HeaderSize = 4;
    public const int TagSize = 32;

    /// <summary>Larger datagrams are rejected unread; a typical beat is about 600 bytes, a full inventory a few KiB.</summary>
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
}
