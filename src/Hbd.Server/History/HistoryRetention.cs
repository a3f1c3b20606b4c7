namespace Hbd.Server.History;

/// <summary>
/// How long each tier is kept: the last hour at beat resolution, 48 hours of 1-minute points, <c>history_days</c> of
/// 15-minute points. Raw blocks stay 10 minutes beyond their hour, so the hour is folded into 1-minute points before its
/// samples go, even after a pause of the writer.
/// </summary>
public sealed record HistoryRetention(int Days)
{
    public static readonly TimeSpan Raw = TimeSpan.FromMinutes(70);
    public static readonly TimeSpan Minute = TimeSpan.FromHours(48);

    /// <summary>How long after its hour ends an hour is folded (its last raw minute has been closed and written by then).</summary>
    public static readonly TimeSpan HourSettles = TimeSpan.FromMinutes(2);

    /// <summary>How long after its day ends a day is folded into 15-minute points.</summary>
    public static readonly TimeSpan DaySettles = TimeSpan.FromMinutes(5);

    /// <summary>How much longer than its retention a finer tier may still hold a period that was not folded yet.</summary>
    public const long FinerSlack = 3 * 3_600_000;

    public TimeSpan Quarter => TimeSpan.FromDays(Days);

    /// <summary>The oldest time a tier still answers for.</summary>
    public long OldestMs(HistoryTier tier, long nowMs) => nowMs - (long)(tier switch
    {
        HistoryTier.Raw => TimeSpan.FromHours(1),
        HistoryTier.Minute => Minute,
        _ => Quarter,
    }).TotalMilliseconds;

    /// <summary>Blocks of a tier that start before this are deleted.</summary>
    public HistoryPrune[] Prunes(long nowMs) =>
    [
        new(HistoryTier.Raw, nowMs - (long)Raw.TotalMilliseconds - HistoryTiers.BlockMs(HistoryTier.Raw)),
        new(HistoryTier.Minute, nowMs - (long)Minute.TotalMilliseconds - HistoryTiers.BlockMs(HistoryTier.Minute)),
        new(HistoryTier.Quarter, nowMs - (long)Quarter.TotalMilliseconds - HistoryTiers.BlockMs(HistoryTier.Quarter)),
    ];
}
