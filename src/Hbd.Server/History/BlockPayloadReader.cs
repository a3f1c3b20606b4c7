using System.Numerics;

namespace Hbd.Server.History;

/// <summary>
/// Reads a block's uncompressed payload. Every count is bounded by the bytes left before anything is allocated for it,
/// and the cells of the block by <see cref="HistoryBlockCodec.MaxCells"/>, so forged input costs at most a bounded allocation.
/// </summary>
internal static class BlockPayloadReader
{
    public static HistoryColumns Read(HistoryTier tier, ReadOnlySpan<byte> payload)
    {
        var reader = new BlockReader(payload);
        var intervalMs = reader.ReadZigZag();
        var times = ReadTimes(ref reader);
        var seriesCount = reader.ReadCount("series", 1);
        if ((long)seriesCount * times.Length > HistoryBlockCodec.MaxCells)
            throw new InvalidDataException(
                $"History block: {seriesCount} series × {times.Length} times exceed {HistoryBlockCodec.MaxCells} cells.");
        var series = new SeriesColumns[seriesCount];
        for (var s = 0; s < seriesCount; s++)
            series[s] = ReadSeries(ref reader, tier, times.Length);
        if (reader.Remaining != 0)
            throw new InvalidDataException($"History block: {reader.Remaining} bytes follow the last series.");
        return new HistoryColumns { Times = times, IntervalMs = intervalMs, Series = series };
    }

    private static long[] ReadTimes(ref BlockReader reader)
    {
        var times = new long[reader.ReadCount("times", 1)];
        long delta = 0;
        for (var i = 0; i < times.Length; i++)
        {
            if (i == 0)
            {
                times[0] = reader.ReadZigZag();
            }
            else
            {
                delta = unchecked(delta + reader.ReadZigZag());
                if (delta <= 0 || times[i - 1] > long.MaxValue - delta)
                    throw new InvalidDataException("History block: the times are not strictly ascending.");
                times[i] = times[i - 1] + delta;
            }
        }
        return times;
    }

    private static SeriesColumns ReadSeries(ref BlockReader reader, HistoryTier tier, int length)
    {
        var head = reader.ReadVarint();
        if (head >> 2 > uint.MaxValue || (head & 3) > BlockPayloadWriter.NonePresent)
            throw new InvalidDataException($"History block: a series header 0x{head:x} is out of range.");
        var id = (int)(uint)(head >> 2);
        var presence = (int)(head & 3);
        bool[]? present = presence == BlockPayloadWriter.SomePresent ? ReadBitmap(ref reader, length) : null;
        var count = presence switch
        {
            BlockPayloadWriter.AllPresent => length,
            BlockPayloadWriter.NonePresent => 0,
            _ => present!.Count(p => p),
        };
        if (tier == HistoryTier.Raw)
        {
            var values = ReadColumn(ref reader, length, count, present);
            return SeriesColumns.Raw(id, values);
        }
        var min = ReadColumn(ref reader, length, count, present);
        var avg = ReadColumn(ref reader, length, count, present);
        var max = ReadColumn(ref reader, length, count, present);
        return new SeriesColumns(id, min, avg, max);
    }

    private static bool[] ReadBitmap(ref BlockReader reader, int length)
    {
        var bytes = reader.ReadBytes((length + 7) / 8);
        var present = new bool[length];
        var count = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (i == bytes.Length - 1 && length % 8 != 0 && b >> (length % 8) != 0)
                throw new InvalidDataException("History block: a presence bitmap marks times beyond the block.");
            count += BitOperations.PopCount(b);
            for (var bit = 0; bit < 8 && i * 8 + bit < length; bit++)
                present[i * 8 + bit] = (b & (1 << bit)) != 0;
        }
        if (count == 0 || count == length)
            throw new InvalidDataException("History block: a presence bitmap marks all or no times.");
        return present;
    }

    private static double[] ReadColumn(ref BlockReader reader, int length, int count, bool[]? present)
    {
        var values = new double[length];
        if (count == 0)
        {
            values.AsSpan().Fill(double.NaN);
            return values;
        }
        if (present is null)
        {
            ValueColumn.Read(ref reader, values);
            return values;
        }
        var packed = new double[count];
        ValueColumn.Read(ref reader, packed);
        var next = 0;
        for (var i = 0; i < length; i++)
            values[i] = present[i] ? packed[next++] : double.NaN;
        return values;
    }
}
