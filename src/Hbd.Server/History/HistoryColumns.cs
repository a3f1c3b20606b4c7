namespace Hbd.Server.History;

/// <summary>
/// One block's content decoded: a time column shared by every series of the host, and each series' values at those times.
/// NaN marks a series absent at a time (the beat did not carry it). In the raw tier a point is one sample and
/// <see cref="SeriesColumns.Min"/>, <see cref="SeriesColumns.Avg"/> and <see cref="SeriesColumns.Max"/> are the same array.
/// In the aggregated tiers a time is the start of the point's period.
/// </summary>
public sealed class HistoryColumns
{
    /// <summary>Unix milliseconds, strictly ascending.</summary>
    public required long[] Times { get; init; }

    /// <summary>The host's interval when the block was written, in milliseconds: what tells a missed beat from a gap.</summary>
    public required long IntervalMs { get; init; }

    public required IReadOnlyList<SeriesColumns> Series { get; init; }
}

/// <summary>One series' values in a block, each array as long as <see cref="HistoryColumns.Times"/>.</summary>
public sealed record SeriesColumns(int SeriesId, double[] Min, double[] Avg, double[] Max)
{
    /// <summary>A raw series: one value per sample.</summary>
    public static SeriesColumns Raw(int seriesId, double[] values) => new(seriesId, values, values, values);
}
