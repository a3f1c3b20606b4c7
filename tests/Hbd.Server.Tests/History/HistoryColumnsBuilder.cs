using Hbd.Server.History;

namespace Hbd.Server.Tests.History;

/// <summary>
/// Turns beats' samples into the blocks of each tier, the way the history writer does: raw blocks of the samples of a
/// minute, aggregated blocks of min/avg/max over each point's period. Series ids are given in order of first appearance.
/// </summary>
internal sealed class HistoryColumnsBuilder
{
    private readonly Dictionary<(string Group, string Metric), int> _ids = [];

    /// <summary>The id of each series named so far.</summary>
    public IReadOnlyDictionary<(string Group, string Metric), int> Ids => _ids;

    /// <summary>The blocks of <paramref name="tier"/> the beats fill, by start.</summary>
    public IReadOnlyList<HistoryColumns> Blocks(HistoryTier tier,
        IEnumerable<(long TimeMs, (string Group, string Metric, double Value)[] Values)> beats, long intervalMs)
    {
        var blocks = new List<HistoryColumns>();
        foreach (var block in beats.GroupBy(b => HistoryTiers.BlockStart(tier, b.TimeMs)))
        {
            var points = tier == HistoryTier.Raw
                ? block.Select(b => (b.TimeMs, Samples: new[] { b.Values })).ToList()
                : block.GroupBy(b => HistoryTiers.PointStart(tier, b.TimeMs))
                    .Select(p => (TimeMs: p.Key, Samples: p.Select(b => b.Values).ToArray())).ToList();
            blocks.Add(Build(tier, points, intervalMs));
        }
        return blocks;
    }

    private HistoryColumns Build(HistoryTier tier,
        List<(long TimeMs, (string Group, string Metric, double Value)[][] Samples)> points, long intervalMs)
    {
        var columns = new SortedDictionary<int, (double[] Min, double[] Avg, double[] Max, double[] Sum, int[] Count)>();
        for (var p = 0; p < points.Count; p++)
        {
            foreach (var sample in points[p].Samples)
            {
                foreach (var (group, metric, value) in sample)
                {
                    var id = Id(group, metric);
                    if (!columns.TryGetValue(id, out var c))
                        columns[id] = c = (Nan(points.Count), Nan(points.Count), Nan(points.Count), new double[points.Count],
                            new int[points.Count]);
                    c.Min[p] = c.Count[p] == 0 ? value : Math.Min(c.Min[p], value);
                    c.Max[p] = c.Count[p] == 0 ? value : Math.Max(c.Max[p], value);
                    c.Sum[p] += value;
                    c.Count[p]++;
                    c.Avg[p] = c.Sum[p] / c.Count[p];
                }
            }
        }
        return new HistoryColumns
        {
            Times = [.. points.Select(p => p.TimeMs)],
            IntervalMs = intervalMs,
            Series = [.. columns.Select(c => tier == HistoryTier.Raw
                ? SeriesColumns.Raw(c.Key, c.Value.Min)
                : new SeriesColumns(c.Key, c.Value.Min, c.Value.Avg, c.Value.Max))],
        };
    }

    private int Id(string group, string metric)
    {
        if (!_ids.TryGetValue((group, metric), out var id))
            _ids[(group, metric)] = id = _ids.Count + 1;
        return id;
    }

    private static double[] Nan(int length)
    {
        var values = new double[length];
        values.AsSpan().Fill(double.NaN);
        return values;
    }
}
