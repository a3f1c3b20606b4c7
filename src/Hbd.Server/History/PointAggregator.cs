namespace Hbd.Server.History;

/// <summary>
/// Folds finer points into coarser ones: raw samples into 1-minute points, 1-minute points into 15-minute points, and any
/// tier into the step a query asks for. A point's min is the least of the mins it covers, its max the greatest of the maxes,
/// its avg the mean of the avgs (each finer point weighs the same). Periods without a value stay out: no point is invented.
/// </summary>
public static class PointAggregator
{
    /// <summary>
    /// The points of width <paramref name="widthMs"/> (aligned to Unix time) made from <paramref name="blocks"/>, which are in
    /// time order and do not overlap; times outside [<paramref name="fromMs"/>, <paramref name="untilMs"/>) are left out.
    /// </summary>
    public static HistoryColumns Aggregate(IReadOnlyList<HistoryColumns> blocks, long widthMs, long fromMs, long untilMs)
    {
        var firstPoint = Floor(fromMs, widthMs);
        var points = (int)Math.Max(0, (untilMs - firstPoint + widthMs - 1) / widthMs);
        var series = new Dictionary<int, Accumulator>();
        var order = new List<int>();
        var seen = new bool[points];
        long interval = 0;
        foreach (var block in blocks)
        {
            interval = Math.Max(interval, block.IntervalMs);
            for (var i = 0; i < block.Times.Length; i++)
            {
                var t = block.Times[i];
                if (t < fromMs || t >= untilMs)
                    continue;
                var slot = (int)((t - firstPoint) / widthMs);
                foreach (var column in block.Series)
                {
                    var avg = column.Avg[i];
                    if (double.IsNaN(avg))
                        continue;
                    if (!series.TryGetValue(column.SeriesId, out var accumulator))
                    {
                        accumulator = new Accumulator(points);
                        series.Add(column.SeriesId, accumulator);
                        order.Add(column.SeriesId);
                    }
                    accumulator.Add(slot, column.Min[i], avg, column.Max[i]);
                    seen[slot] = true;
                }
            }
        }
        var kept = new List<int>(points);
        for (var slot = 0; slot < points; slot++)
            if (seen[slot])
                kept.Add(slot);
        var times = new long[kept.Count];
        for (var k = 0; k < kept.Count; k++)
            times[k] = firstPoint + kept[k] * widthMs;
        var columns = new List<SeriesColumns>(order.Count);
        foreach (var id in order)
            columns.Add(series[id].Columns(id, kept));
        return new HistoryColumns { Times = times, IntervalMs = interval, Series = columns };
    }

    public static long Floor(long ms, long widthMs) => ms - (((ms % widthMs) + widthMs) % widthMs);

    private sealed class Accumulator(int points)
    {
        private readonly double[] _min = Filled(points, double.PositiveInfinity);
        private readonly double[] _max = Filled(points, double.NegativeInfinity);
        private readonly double[] _sum = new double[points];
        private readonly int[] _count = new int[points];

        public void Add(int slot, double min, double avg, double max)
        {
            _min[slot] = Math.Min(_min[slot], min);
            _max[slot] = Math.Max(_max[slot], max);
            _sum[slot] += avg;
            _count[slot]++;
        }

        public SeriesColumns Columns(int id, List<int> slots)
        {
            var min = new double[slots.Count];
            var avg = new double[slots.Count];
            var max = new double[slots.Count];
            for (var k = 0; k < slots.Count; k++)
            {
                var slot = slots[k];
                if (_count[slot] == 0)
                {
                    min[k] = avg[k] = max[k] = double.NaN;
                    continue;
                }
                min[k] = _min[slot];
                max[k] = _max[slot];
                avg[k] = _sum[slot] / _count[slot];
            }
            return new SeriesColumns(id, min, avg, max);
        }

        private static double[] Filled(int length, double value)
        {
            var array = new double[length];
            Array.Fill(array, value);
            return array;
        }
    }
}
