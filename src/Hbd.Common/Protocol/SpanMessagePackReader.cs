using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Hbd.Common.Protocol;

/// <summary>The kinds of MessagePack item, as told by an item's first byte.</summary>
internal enum MessagePackKind : byte
{
    /// <summary>No bytes left, or the never-used code <c>c1</c>.</summary>
    None,
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}

/// <summary>
/// Reads the MessagePack subset of docs/protocol.md straight from a span, for the allocation-free decoder:
/// nil, booleans, every integer form, float32/float64, str, array and map headers. bin and ext are only
/// recognised, never read. Each TryRead… consumes one item and returns true, or returns false and consumes
/// nothing when the next item is of another kind or does not fit in the bytes that remain. Nothing throws.
/// The reader does not recurse; callers that walk nested items bound their own depth.
/// </summary>
internal ref struct SpanMessagePackReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public SpanMessagePackReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes read so far: the offset of the next item.</summary>
    public readonly int Consumed => _position;

    public readonly bool End => _position >= _buffer.Length;

    private readonly ReadOnlySpan<byte> Rest => _buffer[_position..];

    /// <summary>The kind of the next item, from its first byte alone (its length may still be cut short).</summary>
    public readonly MessagePackKind NextKind
    {
        get
        {
            if ((uint)_position >= (uint)_buffer.Length)
                return MessagePackKind.None;
            return _buffer[_position] switch
            {
                <= 0x7f or >= 0xe0 => MessagePackKind.Integer,
                <= 0x8f => MessagePackKind.Map,
                <= 0x9f => MessagePackKind.Array,
                <= 0xbf => MessagePackKind.String,
                0xc0 => MessagePackKind.Nil,
                0xc2 or 0xc3 => MessagePackKind.Boolean,
                >= 0xc4 and <= 0xc6 => MessagePackKind.Binary,
                >= 0xc7 and <= 0xc9 or >= 0xd4 and <= 0xd8 => MessagePackKind.Extension,
                0xca or 0xcb => MessagePackKind.Float,
                >= 0xcc and <= 0xd3 => MessagePackKind.Integer,
                0xd9 or 0xda or 0xdb => MessagePackKind.String,
                0xdc or 0xdd => MessagePackKind.Array,
                0xde or 0xdf => MessagePackKind.Map,
                _ => MessagePackKind.None, // c1: never used
            };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadNil()
    {
        if ((uint)_position >= (uint)_buffer.Length || _buffer[_position] != 0xc0)
            return false;
        _position++;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadBoolean(out bool value)
    {
        value = false;
        if ((uint)_position >= (uint)_buffer.Length || _buffer[_position] is not (0xc2 or 0xc3))
            return false;
        value = _buffer[_position++] == 0xc3;
        return true;
    }

    /// <summary>A positive fixint (one byte, 0–127) and no other integer form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadPositiveFixInt(out int value)
    {
        value = 0;
        if ((uint)_position >= (uint)_buffer.Length || _buffer[_position] > 0x7f)
            return false;
        value = _buffer[_position++];
        return true;
    }

    // The TryRead… below handle the one-byte forms inline and hand the others to static helpers that take the
    // remaining bytes by value: the reader's own address is never taken, so a caller can keep it in registers.

    /// <summary>Any integer form whose value fits in a long (a uint64 above long.MaxValue does not).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt64(out long value)
    {
        var rest = Rest;
        if (!rest.IsEmpty && rest[0] <= 0x7f)
        {
            value = rest[0];
            _position++;
            return true;
        }
        var size = PeekInteger(rest, out value, out var isUInt64);
        if (size == 0 || (isUInt64 && value < 0))
        {
            value = 0;
            return false;
        }
        _position += size;
        return true;
    }

    /// <summary>Any integer form whose value is not negative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadUInt64(out ulong value)
    {
        var rest = Rest;
        if (!rest.IsEmpty && rest[0] <= 0x7f)
        {
            value = rest[0];
            _position++;
            return true;
        }
        var size = PeekInteger(rest, out var raw, out var isUInt64);
        if (size == 0 || (!isUInt64 && raw < 0))
        {
            value = 0;
            return false;
        }
        value = (ulong)raw;
        _position += size;
        return true;
    }

    /// <summary>Any integer or float form, as a double (NaN and infinities included: the caller decides).</summary>
    /// <remarks>The forms metric values take (float32 and the unsigned integers) are decided inline.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadDouble(out double value)
    {
        var rest = Rest;
        if (!rest.IsEmpty)
        {
            switch (rest[0])
            {
                case <= 0x7f:
                    value = rest[0];
                    _position++;
                    return true;
                case 0xca when rest.Length >= 5:
                    value = BinaryPrimitives.ReadSingleBigEndian(rest[1..]);
                    _position += 5;
                    return true;
                case 0xcc when rest.Length >= 2:
                    value = rest[1];
                    _position += 2;
                    return true;
                case 0xcd when rest.Length >= 3:
                    value = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
                    _position += 3;
                    return true;
                case 0xce when rest.Length >= 5:
                    value = BinaryPrimitives.ReadUInt32BigEndian(rest[1..]);
                    _position += 5;
                    return true;
                case 0xcf when rest.Length >= 9:
                    value = BinaryPrimitives.ReadUInt64BigEndian(rest[1..]);
                    _position += 9;
                    return true;
            }
        }
        var size = PeekNumber(rest, out value);
        _position += size;
        return size > 0;
    }

    /// <summary>A str of any width; <paramref name="utf8"/> is its bytes, not yet checked to be UTF-8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadString(out ReadOnlySpan<byte> utf8)
    {
        var rest = Rest;
        if (!PeekString(rest, out var header, out var length))
        {
            utf8 = default;
            return false;
        }
        utf8 = rest.Slice(header, length);
        _position += header + length;
        return true;
    }

    /// <summary>A map header of any width; the entries (at least two bytes each) must fit in the bytes that remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadMapHeader(out int count)
    {
        var header = PeekCollection(Rest, 0x80, 0xde, 0xdf, minEntrySize: 2, out count);
        _position += header;
        return header > 0;
    }

    /// <summary>An array header of any width; the items (at least one byte each) must fit in the bytes that remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadArrayHeader(out int count)
    {
        var header = PeekCollection(Rest, 0x90, 0xdc, 0xdd, minEntrySize: 1, out count);
        _position += header;
        return header > 0;
    }

    /// <summary>Header size and length of a str; a fixstr is decided inline, the wider forms out of line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool PeekString(ReadOnlySpan<byte> rest, out int header, out int length)
    {
        if (!rest.IsEmpty && (rest[0] & 0xe0) == 0xa0 && (rest[0] & 0x1f) < rest.Length)
        {
            header = 1;
            length = rest[0] & 0x1f;
            return true;
        }
        return PeekWideString(rest, out header, out length);
    }

    private static bool PeekWideString(ReadOnlySpan<byte> rest, out int header, out int length)
    {
        length = 0;
        if (!PeekLength(rest, 0xd9, 0xda, 0xdb, out header, out var declared) || declared > (uint)(rest.Length - header))
        {
            header = 0;
            return false;
        }
        length = (int)declared;
        return true;
    }

    /// <summary>Header size (0: not such a header, or too many entries for the bytes that remain) and entry count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PeekCollection(ReadOnlySpan<byte> rest, int fixCode, int code16, int code32, int minEntrySize, out int count)
    {
        if (!rest.IsEmpty && (rest[0] & 0xf0) == fixCode && (rest[0] & 0x0f) <= (rest.Length - 1) / minEntrySize)
        {
            count = rest[0] & 0x0f;
            return 1;
        }
        return PeekWideCollection(rest, code16, code32, minEntrySize, out count);
    }

    private static int PeekWideCollection(ReadOnlySpan<byte> rest, int code16, int code32, int minEntrySize, out int count)
    {
        count = 0;
        if (!PeekLength(rest, -1, code16, code32, out var header, out var declared) || declared > (uint)(rest.Length - header) / (uint)minEntrySize)
            return 0;
        count = (int)declared;
        return header;
    }

    /// <summary>The length after a str8/16/32, array16/32 or map16/32 code; <paramref name="code8"/> is -1 where there is no 8-bit form.</summary>
    private static bool PeekLength(ReadOnlySpan<byte> rest, int code8, int code16, int code32, out int header, out uint length)
    {
        header = 0;
        length = 0;
        if (rest.IsEmpty)
            return false;
        var code = rest[0];
        if (code == code8 && rest.Length >= 2)
        {
            header = 2;
            length = rest[1];
        }
        else if (code == code16 && rest.Length >= 3)
        {
            header = 3;
            length = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
        }
        else if (code == code32 && rest.Length >= 5)
        {
            header = 5;
            length = BinaryPrimitives.ReadUInt32BigEndian(rest[1..]);
        }
        return header > 0;
    }

    /// <summary>Size (0: not a number, or cut short) and value of any integer, float32 or float64.</summary>
    private static int PeekNumber(ReadOnlySpan<byte> rest, out double value)
    {
        value = 0;
        if (rest.IsEmpty)
            return 0;
        switch (rest[0])
        {
            case 0xca when rest.Length >= 5:
                value = BinaryPrimitives.ReadSingleBigEndian(rest[1..]);
                return 5;
            case 0xcb when rest.Length >= 9:
                value = BinaryPrimitives.ReadDoubleBigEndian(rest[1..]);
                return 9;
            default:
                var size = PeekInteger(rest, out var raw, out var isUInt64);
                value = isUInt64 ? (ulong)raw : raw;
                return size;
        }
    }

    /// <summary>
    /// Size (0: not an integer, or cut short) and value of any integer form: the value as a long, except that a
    /// uint64 (<c>cf</c>) gives its bit pattern with <paramref name="isUInt64"/> set.
    /// </summary>
    private static int PeekInteger(ReadOnlySpan<byte> rest, out long value, out bool isUInt64)
    {
        value = 0;
        isUInt64 = false;
        if (rest.IsEmpty)
            return 0;
        var code = rest[0];
        if (code <= 0x7f || code >= 0xe0)
        {
            value = (sbyte)code;
            return 1;
        }
        switch (code)
        {
            case 0xcc when rest.Length >= 2: value = rest[1]; return 2;
            case 0xcd when rest.Length >= 3: value = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]); return 3;
            case 0xce when rest.Length >= 5: value = BinaryPrimitives.ReadUInt32BigEndian(rest[1..]); return 5;
            case 0xcf when rest.Length >= 9: value = (long)BinaryPrimitives.ReadUInt64BigEndian(rest[1..]); isUInt64 = true; return 9;
            case 0xd0 when rest.Length >= 2: value = (sbyte)rest[1]; return 2;
            case 0xd1 when rest.Length >= 3: value = BinaryPrimitives.ReadInt16BigEndian(rest[1..]); return 3;
            case 0xd2 when rest.Length >= 5: value = BinaryPrimitives.ReadInt32BigEndian(rest[1..]); return 5;
            case 0xd3 when rest.Length >= 9: value = BinaryPrimitives.ReadInt64BigEndian(rest[1..]); return 9;
            default: return 0;
        }
    }
}
