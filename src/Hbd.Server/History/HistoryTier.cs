namespace Hbd.Server.History;

/// <summary>
/// The resolutions metric history is kept at. Each tier is stored in blocks of a fixed length, aligned to UTC, one block per
/// host and period: the raw samples of a minute, the 1-minute points of an hour, the 15-minute points of a day.
/// </summary>
public enum HistoryTier : byte
{
    /// <summary>Every beat's values, kept for the last hour.</summary>
    Raw = 0,

    /// <summary>1-minute min/avg/max, kept for 48 hours.</summary>
    Minute = 1,

    /// <summary>15-minute min/avg/max, kept for <c>history_days</c>.</summary>
    Quarter = 2,
}

/// <summary>The fixed shape of each tier.</summary>
public static class HistoryTiers
{
    public static readonly HistoryTier[] All = [HistoryTier.Raw, HistoryTier.Minute, HistoryTier.Quarter];

    /// <summary>The width of one point (0 for raw: a point per beat).</summary>
    public static long PointMs(HistoryTier tier) => tier switch
    {
        HistoryTier.Raw => 0,
        HistoryTier.Minute => 60_000,
        HistoryTier.Quarter => 900_000,
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>The length of one stored block; blocks start at multiples of it (Unix time, UTC).</summary>
    public static long BlockMs(HistoryTier tier) => tier switch
    {
        HistoryTier.Raw => 60_000,
        HistoryTier.Minute => 3_600_000,
        HistoryTier.Quarter => 86_400_000,
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>The start of the block that holds <paramref name="ms"/>.</summary>
    public static long BlockStart(HistoryTier tier, long ms) => ms - Mod(ms, BlockMs(tier));

    /// <summary>The start of the point that holds <paramref name="ms"/> (aggregated tiers).</summary>
    public static long PointStart(HistoryTier tier, long ms) => ms - Mod(ms, PointMs(tier));

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
