using System.Buffers;

namespace Hbd.Server.History;

/// <summary>Writes a block's uncompressed payload (the layout is documented on <see cref="HistoryBlockCodec"/>).</summary>
internal static class BlockPayloadWriter
{
    public const int AllPresent = 0;
    public const int SomePresent = 1;
    public const int NonePresent = 2;

    public static void Write(BlockBufferWriter writer, HistoryTier tier, HistoryColumns block)
    {
        var times = block.Times;
        writer.WriteZigZag(block.IntervalMs);
        writer.WriteVarint((ulong)times.Length);
        WriteTimes(writer, times);
        writer.WriteVarint((ulong)block.Series.Count);
        var present = ArrayPool<bool>.Shared.Rent(times.Length);
        var packed = ArrayPool<double>.Shared.Rent(3 * times.Length);
        try
        {
            foreach (var series in block.Series)
                WriteSeries(writer, tier, series, present.AsSpan(0, times.Length), packed.AsSpan(0, 3 * times.Length));
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(present);
            ArrayPool<double>.Shared.Return(packed);
        }
    }

    /// <summary>Delta-of-delta: a steady interval costs one byte per time, a late beat a few.</summary>
    private static void WriteTimes(BlockBufferWriter writer, long[] times)
    {
        long previous = 0, previousDelta = 0;
        for (var i = 0; i < times.Length; i++)
        {
            var delta = unchecked(times[i] - previous);
            writer.WriteZigZag(i == 0 ? times[0] : unchecked(delta - previousDelta));
            previousDelta = i == 0 ? 0 : delta;
            previous = times[i];
        }
    }

    /// <summary>One series: its header, presence bitmap and columns; <paramref name="packed"/> has room for three columns.</summary>
    private static void WriteSeries(BlockBufferWriter writer, HistoryTier tier, SeriesColumns series, Span<bool> present,
        Span<double> packed)
    {
        var count = 0;
        for (var i = 0; i < present.Length; i++)
        {
            present[i] = !double.IsNaN(series.Min[i]) || !double.IsNaN(series.Avg[i]) || !double.IsNaN(series.Max[i]);
            if (present[i])
                count++;
        }
        var presence = count == present.Length ? AllPresent : count == 0 ? NonePresent : SomePresent;
        writer.WriteVarint((ulong)(uint)series.SeriesId << 2 | (uint)presence);
        if (presence == SomePresent)
            WriteBitmap(writer, present);
        if (count == 0)
            return;
        var min = Pack(series.Min, present, packed[..count]);
        ValueColumn.Write(writer, min);
        if (tier == HistoryTier.Raw)
            return;
        var max = Pack(series.Max, present, packed.Slice(count, count));
        AverageColumn.Write(writer, min, Pack(series.Avg, present, packed.Slice(2 * count, count)), max);
        ValueColumn.Write(writer, max);
    }

    /// <summary>Bit i of byte i / 8, least significant first: set when the series has a value at time i.</summary>
    private static void WriteBitmap(BlockBufferWriter writer, ReadOnlySpan<bool> present)
    {
        for (var start = 0; start < present.Length; start += 8)
        {
            var b = 0;
            for (var bit = 0; bit < 8 && start + bit < present.Length; bit++)
            {
                if (present[start + bit])
                    b |= 1 << bit;
            }
            writer.WriteByte((byte)b);
        }
    }

    /// <summary>The values at present times, into <paramref name="packed"/>.</summary>
    private static ReadOnlySpan<double> Pack(double[] values, ReadOnlySpan<bool> present, Span<double> packed)
    {
        var n = 0;
        for (var i = 0; i < present.Length; i++)
        {
            if (present[i])
                packed[n++] = values[i];
        }
        return packed;
    }
}
