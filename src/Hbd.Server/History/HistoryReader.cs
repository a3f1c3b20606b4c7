using Microsoft.Extensions.Logging;

namespace Hbd.Server.History;

/// <summary>
/// Answers a history query from the tier that fits its range: raw samples for the last hour, 1-minute points for 48 hours,
/// 15-minute points beyond. A period not yet folded into its tier (the current hour, the current day) is folded from the
/// finer tier at the query, the open minute included, so a beat shows as soon as it is committed. At most
/// <see cref="MaxPoints"/> points a series: a longer range is folded into a coarser step.
/// </summary>
public sealed class HistoryReader(IHistoryStore store, HistoryRecorder recorder, ILogger<HistoryReader> logger)
{
    public const int MaxPoints = 1_000;

    private static readonly long[] NiceSteps =
    [
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
        7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
    ];

    public HistoryAnswer Read(string host, IReadOnlyList<HistorySeries> series, long sinceMs, long untilMs, long? stepMs, long nowMs)
    {
        var retention = recorder.Retention;
        var range = Math.Max(1, untilMs - sinceMs);
        var fitting = Nice(range / MaxPoints);
        var wanted = Math.Max(stepMs ?? 0, fitting);
        var tier = HistoryTier.Raw;
        while (tier < HistoryTier.Quarter && (sinceMs < retention.OldestMs(tier, nowMs) || HistoryTiers.PointMs(tier + 1) <= wanted))
            tier++;
        var columns = Columns(host, tier, sinceMs, untilMs, nowMs);
        var interval = columns.Count == 0 ? 0 : columns.Max(c => c.IntervalMs);
        var width = HistoryTiers.PointMs(tier);
        long? step = tier == HistoryTier.Raw ? null : width;
        if (wanted > Math.Max(width, interval))
        {
            var points = PointAggregator.Aggregate(columns, wanted, sinceMs, untilMs + 1);
            columns = [points];
            step = wanted;
        }
        var gapMs = (long)(1.5 * Math.Max(step ?? 0, interval));
        var answers = new List<SeriesAnswer>(series.Count);
        foreach (var one in series)
            answers.Add(new SeriesAnswer(one, Points(columns, one.Id, sinceMs, untilMs, gapMs)));
        return new HistoryAnswer(tier, step, answers);
    }

    /// <summary>The host's blocks of <paramref name="tier"/> over the range, each missing period folded from the finer tier.</summary>
    private List<HistoryColumns> Columns(string host, HistoryTier tier, long fromMs, long untilMs, long nowMs)
    {
        var stored = new SortedDictionary<long, HistoryColumns>();
        foreach (var block in store.ReadBlocks(host, tier, fromMs, untilMs))
        {
            if (HistoryBlockReader.TryDecode(block, logger) is { } decoded)
                stored[block.StartMs] = decoded;
        }
        if (tier == HistoryTier.Raw)
        {
            AddUnwritten(host, stored, fromMs, untilMs);
            return [.. stored.Values];
        }
        var length = HistoryTiers.BlockMs(tier);
        for (var start = HistoryTiers.BlockStart(tier, fromMs); start <= untilMs; start += length)
        {
            // A finer tier is asked only for a period it still holds (the current hour, the current day).
            if (stored.ContainsKey(start) || start + length < recorder.Retention.OldestMs(tier - 1, nowMs) - HistoryRetention.FinerSlack)
                continue;
            var finer = Columns(host, tier - 1, Math.Max(start, fromMs - HistoryTiers.PointMs(tier)), Math.Min(start + length - 1, untilMs), nowMs);
            if (finer.Count == 0)
                continue;
            var folded = PointAggregator.Aggregate(finer, HistoryTiers.PointMs(tier), start, start + length);
            if (folded.Times.Length > 0)
                stored[start] = folded;
        }
        return [.. stored.Values];
    }

    /// <summary>The samples the store does not have yet: the minute being filled, and a closed one still being written.</summary>
    private void AddUnwritten(string host, SortedDictionary<long, HistoryColumns> blocks, long fromMs, long untilMs)
    {
        if (recorder.Host(host) is not { } history)
            return;
        lock (history.Sync)
        {
            if (history.Closing is { } closing && !blocks.ContainsKey(closing.StartMs) && closing.StartMs <= untilMs && closing.EndMs >= fromMs
                && HistoryBlockReader.TryDecode(closing, logger) is { } decoded)
                blocks[closing.StartMs] = decoded;
            if (history.Open.Samples > 0 && !blocks.ContainsKey(history.Open.StartMs))
            {
                var open = history.Open.ToColumns();
                if (Overlaps(open, fromMs, untilMs))
                    blocks[history.Open.StartMs] = open;
            }
        }
    }

    private static bool Overlaps(HistoryColumns block, long fromMs, long untilMs) =>
        block.Times.Length > 0 && block.Times[0] <= untilMs && block.Times[^1] >= fromMs;

    /// <summary>One series' points in time order; where the line must break (a silent host, a missing value) a null point.</summary>
    private static List<HistoryPoint> Points(List<HistoryColumns> columns, int id, long fromMs, long untilMs, long gapMs)
    {
        var points = new List<HistoryPoint>();
        long previous = long.MinValue;
        foreach (var block in columns)
        {
            SeriesColumns? column = null;
            foreach (var candidate in block.Series)
            {
                if (candidate.SeriesId == id)
                {
                    column = candidate;
                    break;
                }
            }
            for (var i = 0; i < block.Times.Length; i++)
            {
                var t = block.Times[i];
                if (t < fromMs || t > untilMs)
                    continue;
                if (column is null || double.IsNaN(column.Avg[i]))
                    continue;
                if (previous != long.MinValue && t - previous > gapMs)
                    points.Add(HistoryPoint.Gap(previous + (t - previous) / 2));
                points.Add(new HistoryPoint(t, column.Min[i], column.Avg[i], column.Max[i]));
                previous = t;
            }
        }
        return points;
    }

    private static long Nice(long ms)
    {
        foreach (var step in NiceSteps)
            if (step >= ms)
                return step;
        return (ms + NiceSteps[^1] - 1) / NiceSteps[^1] * NiceSteps[^1];
    }
}

/// <summary>The answer to one query: the tier read, the step of its points (null: one point per beat), and each series.</summary>
public sealed record HistoryAnswer(HistoryTier Tier, long? StepMs, IReadOnlyList<SeriesAnswer> Series);

public sealed record SeriesAnswer(HistorySeries Series, IReadOnlyList<HistoryPoint> Points);

/// <summary>A point: its time (Unix ms) and min, avg, max; a gap has NaN for all three.</summary>
public readonly record struct HistoryPoint(long TimeMs, double Min, double Avg, double Max)
{
    public static HistoryPoint Gap(long timeMs) => new(timeMs, double.NaN, double.NaN, double.NaN);

    public bool IsGap => double.IsNaN(Avg);
}
