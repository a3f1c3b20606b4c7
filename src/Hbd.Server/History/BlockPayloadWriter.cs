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
        var packed = ArrayPool<double>.Shared.Rent(times.Length);
        try
        {
            foreach (var series in block.Series)
                WriteSeries(writer, tier, series, present.AsSpan(0, times.Length), packed);
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

    private static void WriteSeries(BlockBufferWriter writer, HistoryTier tier, SeriesColumns series, Span<bool> present,
        double[] packed)
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
        if (tier == HistoryTier.Raw)
        {
            ValueColumn.Write(writer, Pack(series.Min, present, packed, count, single: false));
            return;
        }
        ValueColumn.Write(writer, Pack(series.Min, present, packed, count, single: false));
        ValueColumn.Write(writer, Pack(series.Avg, present, packed, count, single: true));
        ValueColumn.Write(writer, Pack(series.Max, present, packed, count, single: false));
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

    /// <summary>The values at present times; the averages narrowed to float32 (7 significant digits are plenty for a chart).</summary>
    private static ReadOnlySpan<double> Pack(double[] values, ReadOnlySpan<bool> present, double[] packed, int count, bool single)
    {
        var n = 0;
        for (var i = 0; i < present.Length; i++)
        {
            if (present[i])
                packed[n++] = single ? (float)values[i] : values[i];
        }
        return packed.AsSpan(0, count);
    }
}
