using MessagePack;

namespace Hbd.Common.Protocol;

/// <summary>
/// Validates a datagram completely and returns its header fields and slices, allocating nothing.
/// Everything a peer can send ends in a <see cref="DecodeStatus"/>; no exception escapes.
/// </summary>
public static class HeartbeatDecoder
{
    public static DecodeStatus TryDecode(ReadOnlyMemory<byte> datagram, out HeartbeatFrame frame)
    {
        frame = default;
        var span = datagram.Span;
        if (span.Length > WireFormat.MaxDatagramSize)
            return DecodeStatus.TooLarge;
        if (span.Length < WireFormat.HeaderSize + 1)
            return DecodeStatus.TooShort;
        if (span[0] != WireFormat.Magic0 || span[1] != WireFormat.Magic1)
            return DecodeStatus.BadMagic;
        if (span[2] != WireFormat.Version)
            return DecodeStatus.UnsupportedVersion;
        var flags = span[3];
        if ((flags & ~WireFormat.KnownFlags) != 0)
            return DecodeStatus.UnsupportedFlags;

        var signed = (flags & WireFormat.FlagSigned) != 0;
        var bodyEnd = span.Length - (signed ? WireFormat.TagSize : 0);
        if (bodyEnd <= WireFormat.HeaderSize)
            return DecodeStatus.TooShort;

        var body = datagram[WireFormat.HeaderSize..bodyEnd];
        try
        {
            var fields = default(BodyFields);
            if (!TryReadBody(body, ref fields))
                return DecodeStatus.Malformed;
            var isMessage = (flags & WireFormat.FlagMessage) != 0;
            if (!fields.HasRequired(isMessage))
                return DecodeStatus.Malformed;
            frame = new HeartbeatFrame
            {
                HostName = body.Slice(fields.HostStart, fields.HostLength),
                RunId = fields.RunId,
                Sequence = fields.Sequence,
                SentAtUnixMs = fields.SentAt,
                IntervalMs = fields.IntervalMs,
                Level = fields.Level,
                IsSigned = signed,
                IsMessageOnly = isMessage,
                Body = body,
                SignedBytes = datagram[..bodyEnd],
                Tag = signed ? datagram[bodyEnd..] : ReadOnlyMemory<byte>.Empty,
                Inventory = body.Slice(fields.InventoryStart, fields.InventoryLength),
                Message = body.Slice(fields.MessageStart, fields.MessageLength),
            };
            return DecodeStatus.Ok;
        }
        catch (MessagePackSerializationException)
        {
            return DecodeStatus.Malformed;
        }
        catch (EndOfStreamException)
        {
            return DecodeStatus.Malformed;
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException) // str32 length >= 2^31 reads as negative
        {
            return DecodeStatus.Malformed;
        }
    }

    private static bool TryReadBody(ReadOnlyMemory<byte> body, ref BodyFields fields)
    {
        var reader = new MessagePackReader(body);
        if (reader.NextMessagePackType != MessagePackType.Map)
            return false;
        var count = reader.ReadMapHeader();
        if (count > 32)
            return false;
        uint seen = 0;
        for (var i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.Integer)
                return false;
            var key = reader.ReadInt32();
            if (key is >= 0 and < 32)
            {
                if ((seen & (1u << key)) != 0)
                    return false; // duplicate key
                seen |= 1u << key;
            }
            if (!TryReadField(ref reader, key, ref fields))
                return false;
        }
        fields.Seen = seen;
        return reader.End;
    }

    private static bool TryReadField(ref MessagePackReader reader, int key, ref BodyFields fields)
    {
        switch (key)
        {
            case WireFormat.KeyHost:
                if (!TryReadUtf8(ref reader, out var hostLength, hostName: true))
                    return false;
                fields.HostStart = (int)reader.Consumed - hostLength;
                fields.HostLength = hostLength;
                return true;
            case WireFormat.KeyRunId:
                return TryReadUInt64(ref reader, out fields.RunId);
            case WireFormat.KeySequence:
                return TryReadUInt64(ref reader, out fields.Sequence);
            case WireFormat.KeySentAt:
                if (reader.NextMessagePackType != MessagePackType.Integer)
                    return false;
                fields.SentAt = reader.ReadInt64();
                return true;
            case WireFormat.KeyInterval:
                if (reader.NextMessagePackType != MessagePackType.Integer)
                    return false;
                fields.IntervalMs = reader.ReadUInt32();
                return true;
            case WireFormat.KeyLevel:
                return TryReadLevel(ref reader, out fields.Level);
            case WireFormat.KeyMetrics:
                return TryReadNestedMap(ref reader, levelsOnly: false);
            case WireFormat.KeyLevels:
                return TryReadNestedMap(ref reader, levelsOnly: true);
            case WireFormat.KeyChecks:
                return TryReadChecks(ref reader);
            case WireFormat.KeyInventory:
                fields.InventoryStart = (int)reader.Consumed;
                if (reader.NextMessagePackType != MessagePackType.Map || !TrySkipValue(ref reader, 0))
                    return false;
                fields.InventoryLength = (int)reader.Consumed - fields.InventoryStart;
                return true;
            case WireFormat.KeyMessage:
                if (!TryReadUtf8(ref reader, out var messageLength))
                    return false;
                fields.MessageStart = (int)reader.Consumed - messageLength;
                fields.MessageLength = messageLength;
                return true;
            default:
                // A later protocol version may add fields: skip them, within the same limits.
                return TrySkipValue(ref reader, 0);
        }
    }

    /// <summary>group → (name → number) for metrics, or group → (name → level) for levels.</summary>
    private static bool TryReadNestedMap(ref MessagePackReader reader, bool levelsOnly)
    {
        if (!TryReadMapHeader(ref reader, out var groups))
            return false;
        for (var g = 0; g < groups; g++)
        {
            if (!TryReadUtf8(ref reader, out var groupLength) || groupLength == 0 || !TryReadMapHeader(ref reader, out var values))
                return false;
            for (var v = 0; v < values; v++)
            {
                if (!TryReadUtf8(ref reader, out var nameLength) || nameLength == 0)
                    return false;
                if (levelsOnly ? !TryReadLevel(ref reader, out _) : !TryReadNumber(ref reader, out _))
                    return false;
            }
        }
        return true;
    }

    private static bool TryReadChecks(ref MessagePackReader reader)
    {
        if (!TryReadMapHeader(ref reader, out var checks))
            return false;
        for (var c = 0; c < checks; c++)
        {
            if (!TryReadUtf8(ref reader, out var nameLength) || nameLength == 0)
                return false;
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() != 2)
                return false;
            if (!TryReadLevel(ref reader, out _) || !TryReadUtf8(ref reader, out _))
                return false;
        }
        return true;
    }

    /// <summary>Skips one value of any type, refusing nesting deeper than inventory allows (a deep datagram must not exhaust the stack).</summary>
    internal static bool TrySkipValue(ref MessagePackReader reader, int depth)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                reader.Skip(); // any width: uint64 above long.MaxValue is valid here too
                return true;
            case MessagePackType.Float:
                return TryReadNumber(ref reader, out _);
            case MessagePackType.Boolean:
                reader.ReadBoolean();
                return true;
            case MessagePackType.Nil:
                reader.ReadNil();
                return true;
            case MessagePackType.String:
                return TryReadUtf8(ref reader, out _);
            case MessagePackType.Array:
                if (depth >= WireFormat.MaxInventoryDepth)
                    return false;
                var items = reader.ReadArrayHeader();
                if (items > WireFormat.MaxCollectionCount)
                    return false;
                for (var i = 0; i < items; i++)
                    if (!TrySkipValue(ref reader, depth + 1))
                        return false;
                return true;
            case MessagePackType.Map:
                if (depth >= WireFormat.MaxInventoryDepth || !TryReadMapHeader(ref reader, out var entries))
                    return false;
                for (var i = 0; i < entries; i++)
                    if (!TryReadUtf8(ref reader, out _) || !TrySkipValue(ref reader, depth + 1))
                        return false;
                return true;
            default:
                return false; // binary and extension types have no meaning here
        }
    }

    private static bool TryReadMapHeader(ref MessagePackReader reader, out int count)
    {
        count = 0;
        if (reader.NextMessagePackType != MessagePackType.Map)
            return false;
        count = reader.ReadMapHeader();
        return count <= WireFormat.MaxCollectionCount;
    }

    /// <summary>Reads a valid UTF-8 string of at most <see cref="WireFormat.MaxStringBytes"/> and returns its byte length.</summary>
    internal static bool TryReadUtf8(ref MessagePackReader reader, out int length, bool hostName = false)
    {
        length = 0;
        if (reader.NextMessagePackType != MessagePackType.String || !reader.TryReadStringSpan(out var utf8))
            return false;
        length = utf8.Length;
        return hostName ? HostNames.IsValid(utf8) : length <= WireFormat.MaxStringBytes && System.Text.Unicode.Utf8.IsValid(utf8);
    }

    private static bool TryReadUInt64(ref MessagePackReader reader, out ulong value)
    {
        value = 0;
        if (reader.NextMessagePackType != MessagePackType.Integer)
            return false;
        value = reader.ReadUInt64();
        return true;
    }

    internal static bool TryReadLevel(ref MessagePackReader reader, out AlertLevel level)
    {
        level = AlertLevel.Unknown;
        if (reader.NextMessagePackType != MessagePackType.Integer)
            return false;
        var value = reader.ReadInt64();
        if (value is < 0 or > 3)
            return false;
        level = (AlertLevel)value;
        return true;
    }

    /// <summary>Integers and finite floats; NaN and infinities are refused because no agent sends them.</summary>
    internal static bool TryReadNumber(ref MessagePackReader reader, out double value)
    {
        value = 0;
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                value = reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() : reader.ReadInt64();
                return true;
            case MessagePackType.Float:
                value = reader.ReadDouble();
                return double.IsFinite(value);
            default:
                return false;
        }
    }

    private struct BodyFields
    {
        public uint Seen;
        public int HostStart;
        public int HostLength;
        public ulong RunId;
        public ulong Sequence;
        public long SentAt;
        public uint IntervalMs;
        public AlertLevel Level;
        public int InventoryStart;
        public int InventoryLength;
        public int MessageStart;
        public int MessageLength;

        public readonly bool HasRequired(bool isMessage)
        {
            const uint common = (1u << WireFormat.KeyHost) | (1u << WireFormat.KeyRunId) | (1u << WireFormat.KeySequence)
                | (1u << WireFormat.KeySentAt);
            const uint beat = common | (1u << WireFormat.KeyInterval) | (1u << WireFormat.KeyLevel);
            const uint message = common | (1u << WireFormat.KeyMessage);
            var required = isMessage ? message : beat;
            return (Seen & required) == required && (isMessage || IntervalMs > 0);
        }
    }
}
