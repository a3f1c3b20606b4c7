using System.Buffers.Binary;

namespace Hbd.Server.History;

/// <summary>
/// Reads the block format's primitives from untrusted bytes: every shortfall or out-of-range value is an
/// <see cref="InvalidDataException"/>, so a damaged block can never surface as an index or overflow error.
/// </summary>
internal ref struct BlockReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
            throw Truncated();
        return _data[_position++];
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && b > 1)
                throw new InvalidDataException("History block: a varint overflows 64 bits.");
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new InvalidDataException("History block: a varint overflows 64 bits.");
    }

    public long ReadZigZag()
    {
        var raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>A count that the rest of the input must hold at least <paramref name="bytesEach"/> bytes per item of.</summary>
    public int ReadCount(string what, int bytesEach)
    {
        var count = ReadVarint();
        if (count > (ulong)(Remaining / bytesEach))
            throw new InvalidDataException($"History block: {count} {what} cannot fit in the {Remaining} bytes left.");
        return (int)count;
    }

    public double ReadDouble()
    {
        if (Remaining < 8)
            throw Truncated();
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
            throw Truncated();
        var bytes = _data.Slice(_position, count);
        _position += count;
        return bytes;
    }

    private static InvalidDataException Truncated() => new("History block: the data ends early (truncated).");
}
