using System.Buffers;

namespace Hbd.Server.History;

/// <summary>
/// One column of a series' present values. Mode byte: bit 7 = constant (one value stands for all), bits 5-6 = kind
/// (<see cref="Decimal"/>, <see cref="SingleDecimal"/>, <see cref="RawDouble"/>), bits 0-4 = decimals + 9 for the
/// decimal kinds. Decimal kinds hold the mantissas' deltas as zigzag varints (the first against 0); the raw kind
/// 8-byte little-endian doubles, for columns no common decimals reproduce bit for bit (1e-12, -0.0, NaN).
/// </summary>
internal static class ValueColumn
{
    private const int Decimal = 0;
    private const int SingleDecimal = 1;
    private const int RawDouble = 2;
    private const byte ConstantFlag = 0x80;
    private const int DecimalsBias = -DecimalScaling.MinDecimals;

    public static void Write(BlockBufferWriter writer, ReadOnlySpan<double> values)
    {
        var rented = ArrayPool<long>.Shared.Rent(values.Length);
        try
        {
            var mantissas = rented.AsSpan(0, values.Length);
            var single = AllSingle(values);
            if (TryDecimals(values, single, mantissas, out var decimals))
                WriteDecimal(writer, mantissas, (single ? SingleDecimal : Decimal) << 5 | (decimals + DecimalsBias));
            else
                WriteRaw(writer, values);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    public static void Read(ref BlockReader reader, Span<double> destination)
    {
        var mode = reader.ReadByte();
        var constant = (mode & ConstantFlag) != 0;
        var kind = (mode >> 5) & 3;
        var decimals = (mode & 0x1F) - DecimalsBias;
        if (kind == RawDouble)
        {
            if ((mode & 0x1F) != 0)
                throw new InvalidDataException($"History block: unknown column mode 0x{mode:x2}.");
            if (constant)
                destination.Fill(reader.ReadDouble());
            else
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = reader.ReadDouble();
            return;
        }
        if (kind > RawDouble || decimals > DecimalScaling.MaxDecimals)
            throw new InvalidDataException($"History block: unknown column mode 0x{mode:x2}.");
        var single = kind == SingleDecimal;
        if (constant)
        {
            destination.Fill(DecimalScaling.Unscale(reader.ReadZigZag(), decimals, single));
            return;
        }
        long mantissa = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            mantissa = unchecked(mantissa + reader.ReadZigZag());
            destination[i] = DecimalScaling.Unscale(mantissa, decimals, single);
        }
    }

    internal static bool AllSingle(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!DecimalScaling.IsSingle(value))
                return false;
        }
        return true;
    }

    /// <summary>
    /// The fewest decimals common to the column, found in one pass (a value that scales at k also scales at k + 1),
    /// then confirmed for every value, since that holds for nearly every value but not provably for all.
    /// </summary>
    internal static bool TryDecimals(ReadOnlySpan<double> values, bool single, Span<long> mantissas, out int decimals)
    {
        decimals = DecimalScaling.MinDecimals;
        foreach (var value in values)
        {
            while (!DecimalScaling.TryScale(value, decimals, single, out _))
            {
                if (++decimals > DecimalScaling.MaxDecimals)
                    return false;
            }
        }
        for (; decimals <= DecimalScaling.MaxDecimals; decimals++)
        {
            if (ScaleAll(values, decimals, single, mantissas))
                return true;
        }
        return false;
    }

    private static bool ScaleAll(ReadOnlySpan<double> values, int decimals, bool single, Span<long> mantissas)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!DecimalScaling.TryScale(values[i], decimals, single, out mantissas[i]))
                return false;
        }
        return true;
    }

    /// <summary>Mantissas already scaled at <paramref name="decimals"/> (−9…9), read back as <see cref="Read"/> reads any decimal column.</summary>
    internal static void WriteDecimal(BlockBufferWriter writer, ReadOnlySpan<long> mantissas, bool single, int decimals) =>
        WriteDecimal(writer, mantissas, (single ? SingleDecimal : Decimal) << 5 | (decimals + DecimalsBias));

    private static void WriteDecimal(BlockBufferWriter writer, ReadOnlySpan<long> mantissas, int mode)
    {
        if (IsConstant(mantissas))
        {
            writer.WriteByte((byte)(mode | ConstantFlag));
            writer.WriteZigZag(mantissas[0]);
            return;
        }
        writer.WriteByte((byte)mode);
        long previous = 0;
        foreach (var mantissa in mantissas)
        {
            writer.WriteZigZag(unchecked(mantissa - previous));
            previous = mantissa;
        }
    }

    private static void WriteRaw(BlockBufferWriter writer, ReadOnlySpan<double> values)
    {
        var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(values);
        if (IsConstant(bits))
        {
            writer.WriteByte(RawDouble << 5 | ConstantFlag);
            writer.WriteDouble(values[0]);
            return;
        }
        writer.WriteByte(RawDouble << 5);
        foreach (var value in values)
            writer.WriteDouble(value);
    }

    private static bool IsConstant(ReadOnlySpan<long> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] != values[0])
                return false;
        }
        return true;
    }
}
