using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

        var fields = default(BodyFields);
        if (!TryReadBody(span[WireFormat.HeaderSize..bodyEnd], ref fields))
            return DecodeStatus.Malformed;
        var isMessage = (flags & WireFormat.FlagMessage) != 0;
        if (!fields.HasRequired(isMessage))
            return DecodeStatus.Malformed;
        var body = datagram[WireFormat.HeaderSize..bodyEnd];
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

    private static bool TryReadBody(ReadOnlySpan<byte> body, ref BodyFields fields)
    {
        var reader = new SpanMessagePackReader(body);
        if (!reader.TryReadMapHeader(out var count) || count > 32)
            return false;
        uint seen = 0;
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadInt64(out var key) || key is < int.MinValue or > int.MaxValue)
                return false;
            if (key is >= 0 and < 32)
            {
                if ((seen & (1u << (int)key)) != 0)
                    return false; // duplicate key
                seen |= 1u << (int)key;
            }
            if (key <= WireFormat.KeyLevel ? !TryReadHeaderField(ref reader, (int)key, ref fields) : !TryReadOtherField(ref reader, (int)key, ref fields))
                return false;
        }
        fields.Seen = seen;
        return reader.End;
    }

    /// <summary>Keys 0–5 (and negative unknown keys), read inline so that the body's reader stays in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadHeaderField(ref SpanMessagePackReader reader, int key, ref BodyFields fields)
    {
        switch (key)
        {
            case WireFormat.KeyHost:
                if (!reader.TryReadString(out var host) || !HostNames.IsValid(host))
                    return false;
                fields.HostStart = reader.Consumed - host.Length;
                fields.HostLength = host.Length;
                return true;
            case WireFormat.KeyRunId:
                return reader.TryReadUInt64(out fields.RunId);
            case WireFormat.KeySequence:
                return reader.TryReadUInt64(out fields.Sequence);
            case WireFormat.KeySentAt:
                return reader.TryReadInt64(out fields.SentAt);
            case WireFormat.KeyInterval:
                if (!reader.TryReadInt64(out var interval) || interval is < 0 or > uint.MaxValue)
                    return false;
                fields.IntervalMs = (uint)interval;
                return true;
            case WireFormat.KeyLevel:
                return TryReadLevel(ref reader, out fields.Level);
            default:
                return TryReadOtherField(ref reader, key, ref fields);
        }
    }

    /// <summary>
    /// Keys 6 and up, out of line. Works on a copy of the reader and writes it back, so that only the copy's address
    /// is taken and the caller's reader can stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadOtherField(ref SpanMessagePackReader reader, int key, ref BodyFields fields)
    {
        var copy = reader;
        if (!TryReadField(ref copy, key, ref fields))
            return false;
        reader = copy;
        return true;
    }

    private static bool TryReadField(ref SpanMessagePackReader reader, int key, ref BodyFields fields)
    {
        switch (key)
        {
            case WireFormat.KeyMetrics:
                return TryReadNestedMap(ref reader, levelsOnly: false);
            case WireFormat.KeyLevels:
                return TryReadNestedMap(ref reader, levelsOnly: true);
            case WireFormat.KeyChecks:
                return TryReadChecks(ref reader);
            case WireFormat.KeyInventory:
                fields.InventoryStart = reader.Consumed;
                if (reader.NextKind != MessagePackKind.Map || !TrySkipValue(ref reader, 0))
                    return false;
                fields.InventoryLength = reader.Consumed - fields.InventoryStart;
                return true;
            case WireFormat.KeyMessage:
                if (!TryReadText(ref reader, out var message))
                    return false;
                fields.MessageStart = reader.Consumed - message.Length;
                fields.MessageLength = message.Length;
                return true;
            default:
                // A later protocol version may add fields: skip them, within the same limits.
                return TrySkipValue(ref reader, 0);
        }
    }

    /// <summary>group → (metric name → number) for metrics, or group → (metric name → level) for levels.</summary>
    private static bool TryReadNestedMap(ref SpanMessagePackReader body, bool levelsOnly)
    {
        var reader = body; // a local copy the JIT can keep in registers for the whole loop
        if (!TryReadMapHeader(ref reader, out var groups))
            return false;
        for (var g = 0; g < groups; g++)
        {
            if (!TryReadName(ref reader) || !TryReadMapHeader(ref reader, out var values))
                return false;
            for (var v = 0; v < values; v++)
            {
                if (!TryReadMetricName(ref reader))
                    return false;
                if (levelsOnly ? !TryReadLevel(ref reader, out _) : !TryReadNumber(ref reader, out _))
                    return false;
            }
        }
        body = reader;
        return true;
    }

    /// <summary>A metric name: an index into <see cref="WireFormat.WellKnownMetricNames"/> (positive fixint) or a name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadMetricName(ref SpanMessagePackReader reader)
    {
        if (reader.TryReadPositiveFixInt(out var index))
            return index > 0 && index < WireFormat.WellKnownMetricNames.Length;
        return TryReadName(ref reader);
    }

    private static bool TryReadChecks(ref SpanMessagePackReader body)
    {
        var reader = body;
        if (!TryReadMapHeader(ref reader, out var checks))
            return false;
        for (var c = 0; c < checks; c++)
        {
            if (!TryReadName(ref reader) || !reader.TryReadArrayHeader(out var items) || items != 2)
                return false;
            if (!TryReadLevel(ref reader, out _) || !TryReadText(ref reader, out _))
                return false;
        }
        body = reader;
        return true;
    }

    /// <summary>Skips one value of any type, refusing nesting deeper than inventory allows (a deep datagram must not exhaust the stack).</summary>
    private static bool TrySkipValue(ref SpanMessagePackReader reader, int depth)
    {
        switch (reader.NextKind)
        {
            case MessagePackKind.Integer:
                return reader.TryReadDouble(out _); // any width: uint64 above long.MaxValue is valid here too
            case MessagePackKind.Float:
                return TryReadNumber(ref reader, out _);
            case MessagePackKind.Boolean:
                return reader.TryReadBoolean(out _);
            case MessagePackKind.Nil:
                return reader.TryReadNil();
            case MessagePackKind.String:
                return TryReadText(ref reader, out _);
            case MessagePackKind.Array:
                if (depth >= WireFormat.MaxInventoryDepth || !reader.TryReadArrayHeader(out var items) || items > WireFormat.MaxCollectionCount)
                    return false;
                for (var i = 0; i < items; i++)
                    if (!TrySkipValue(ref reader, depth + 1))
                        return false;
                return true;
            case MessagePackKind.Map:
                if (depth >= WireFormat.MaxInventoryDepth || !TryReadMapHeader(ref reader, out var entries))
                    return false;
                for (var i = 0; i < entries; i++)
                    if (!TryReadText(ref reader, out _) || !TrySkipValue(ref reader, depth + 1))
                        return false;
                return true;
            default:
                return false; // binary and extension types have no meaning here
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadMapHeader(ref SpanMessagePackReader reader, out int count) =>
        reader.TryReadMapHeader(out count) && count <= WireFormat.MaxCollectionCount;

    /// <summary>A valid UTF-8 string of at most <see cref="WireFormat.MaxStringBytes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadText(ref SpanMessagePackReader reader, out ReadOnlySpan<byte> utf8) =>
        reader.TryReadString(out utf8) && utf8.Length <= WireFormat.MaxStringBytes && IsUtf8(utf8);

    /// <summary>
    /// Valid UTF-8. Names are short and nearly always ASCII: up to 16 bytes are checked for a high bit inline
    /// (two overlapping loads), cheaper than a call into the BCL's validator for each of a beat's ~20 names.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsUtf8(ReadOnlySpan<byte> utf8)
    {
        ulong bits;
        if (utf8.Length > 16)
            return System.Text.Unicode.Utf8.IsValid(utf8);
        if (utf8.Length >= 8)
            bits = MemoryMarshal.Read<ulong>(utf8) | MemoryMarshal.Read<ulong>(utf8[^8..]);
        else if (utf8.Length >= 4)
            bits = MemoryMarshal.Read<uint>(utf8) | MemoryMarshal.Read<uint>(utf8[^4..]);
        else
            bits = utf8.IsEmpty ? 0u : (uint)(utf8[0] | utf8[utf8.Length / 2] | utf8[^1]);
        return (bits & 0x8080_8080_8080_8080) == 0 || System.Text.Unicode.Utf8.IsValid(utf8);
    }

    /// <summary>A group, metric or check name: text that is not empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadName(ref SpanMessagePackReader reader) => TryReadText(ref reader, out var name) && !name.IsEmpty;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadLevel(ref SpanMessagePackReader reader, out AlertLevel level)
    {
        if (!reader.TryReadInt64(out var value) || value is < 0 or > 3)
        {
            level = AlertLevel.Unknown;
            return false;
        }
        level = (AlertLevel)value;
        return true;
    }

    /// <summary>Integers and finite floats; NaN and infinities are refused because no agent sends them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadNumber(ref SpanMessagePackReader reader, out double value) =>
        reader.TryReadDouble(out value) && double.IsFinite(value);

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
