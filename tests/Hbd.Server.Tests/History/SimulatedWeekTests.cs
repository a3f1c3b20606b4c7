using Hbd.Server.History;

namespace Hbd.Server.Tests.History;

/// <summary>
/// Nine simulated days of one typical host beating every 10 s, on the test's own clock, through the recorder into a real
/// SQLite history: every tier, the answers for the last hour, day and week, a silent hour, a disk that goes away, a rate
/// left out of one beat, pruning, and the bytes a day takes against the figure docs/benchmarks.md gives.
/// </summary>
public sealed class SimulatedWeekTests : IClassFixture<SimulatedWeekTests.Week>
{
    private const long Minute = 60_000, Hour = 3_600_000, Day = 86_400_000;
    private readonly Week _week;

    public SimulatedWeekTests(Week week) => _week = week;

    /// <summary>The simulation, run once for every test of the class.</summary>
    public sealed class Week : IDisposable
    {
        public const string Host = SimulatedHistory.Host;
        public static readonly long Start = TypicalHost.DayStartMs;
        public static readonly long End = Start + (9 * Day) + (2 * Hour);

        /// <summary>The host is silent for this hour (day 3, 10:00 to 11:00).</summary>
        public static readonly long SilentFrom = Start + (3 * Day) + (10 * Hour);

        /// <summary>disk:/boot is unmounted from here on (day 8, 12:00).</summary>
        public static readonly long UnmountedAt = Start + (8 * Day) + (12 * Hour);

        /// <summary>One beat leaves net:eth0.rx_bps out, as an agent does when the counter went backwards (30 minutes before the end).</summary>
        public static readonly long ResetAt = End - (30 * Minute);

        private readonly SimulatedHistory _history = new(Start, End, historyDays: 7, keep: (time, values) =>
            time >= SilentFrom && time < SilentFrom + Hour ? []
            : values.Where(v => !(time >= UnmountedAt && v.Group == "disk:/boot")
                && !(time == ResetAt && v.Group == "net:eth0" && v.Metric == "rx_bps")));

        public Hbd.Server.History.Sqlite.SqliteHistoryStore Store => _history.Store;

        public HistoryRecorder Recorder => _history.Recorder;

        public HistoryReader Reader => _history.Reader;

        public HistoryAnswer Ask(TimeSpan range, params string[] metrics) => _history.Ask(range, metrics);

        public void Dispose() => _history.Dispose();
    }

    [Fact]
    public void Each_tier_holds_its_retention_and_no_more()
    {
        var blocks = Blocks();

        // Raw: the last 70 minutes (a minute a block); 1-minute points: 48 hours and the hour being folded; 15-minute: 7 days.
        Assert.InRange(blocks[HistoryTier.Raw].Min(), Week.End - (72 * Minute), Week.End - (69 * Minute));
        Assert.InRange(blocks[HistoryTier.Raw].Count, 69, 72);
        Assert.InRange(blocks[HistoryTier.Minute].Min(), Week.End - (50 * Hour), Week.End - (48 * Hour));
        Assert.InRange(blocks[HistoryTier.Minute].Count, 48, 50);
        Assert.Equal([.. Enumerable.Range(2, 7).Select(d => Week.Start + (d * Day))], blocks[HistoryTier.Quarter]);
    }

    [Fact]
    public void The_last_hour_is_every_beat()
    {
        var answer = _week.Ask(TimeSpan.FromHours(1), "cpu.usage", "memory.total");

        Assert.Equal(HistoryTier.Raw, answer.Tier);
        Assert.Null(answer.StepMs);
        var cpu = answer.Series[0].Points;
        Assert.InRange(cpu.Count, 360, 361);
        Assert.DoesNotContain(cpu, p => p.IsGap);
        Assert.All(cpu, p => Assert.True(p.Min == p.Avg && p.Avg == p.Max && p.Avg is >= 0 and <= 100));
        Assert.All(answer.Series[1].Points, p => Assert.Equal(8_323_002_368, p.Avg));
    }

    [Fact]
    public void A_rate_left_out_of_one_beat_breaks_its_line_there_and_only_its_own()
    {
        var answer = _week.Ask(TimeSpan.FromHours(1), "net:eth0.rx_bps", "cpu.usage");

        var gap = Assert.Single(answer.Series[0].Points, p => p.IsGap);
        Assert.InRange(gap.TimeMs, Week.ResetAt - TypicalHost.IntervalMs, Week.ResetAt + TypicalHost.IntervalMs);
        Assert.DoesNotContain(answer.Series[0].Points, p => p.TimeMs == Week.ResetAt && !p.IsGap);
        Assert.DoesNotContain(answer.Series[1].Points, p => p.IsGap);
    }

    [Fact]
    public void The_last_day_is_in_two_minute_points_from_the_1_minute_tier()
    {
        var answer = _week.Ask(TimeSpan.FromDays(1), "cpu.usage");

        Assert.Equal(HistoryTier.Minute, answer.Tier);
        Assert.Equal(2 * Minute, answer.StepMs);
        var points = answer.Series[0].Points;
        Assert.InRange(points.Count, 719, 721);
        Assert.DoesNotContain(points, p => p.IsGap);
        Assert.All(points, p => Assert.True(p.Min <= p.Avg && p.Avg <= p.Max, $"{p}"));
        Assert.Contains(points, p => p.Min < p.Max);
    }

    [Fact]
    public void The_last_week_is_in_15_minute_points_with_a_gap_where_the_host_was_silent()
    {
        var answer = _week.Ask(TimeSpan.FromDays(7), "cpu.usage");

        Assert.Equal(HistoryTier.Quarter, answer.Tier);
        Assert.Equal(15 * Minute, answer.StepMs);
        var points = answer.Series[0].Points;
        Assert.InRange(points.Count(p => !p.IsGap), 7 * 96 - 4 - 1, 7 * 96 + 1);
        var gap = Assert.Single(points, p => p.IsGap);
        Assert.InRange(gap.TimeMs, Week.SilentFrom - (15 * Minute), Week.SilentFrom + Hour);
        Assert.DoesNotContain(points, p => !p.IsGap && p.TimeMs >= Week.SilentFrom && p.TimeMs < Week.SilentFrom + Hour);
    }

    [Fact]
    public void A_15_minute_point_is_the_fold_of_its_1_minute_points()
    {
        var quarter = _week.Ask(TimeSpan.FromDays(7), "cpu.usage").Series[0].Points;
        var from = Week.End - (40 * Hour);
        var minutes = _week.Reader.Read(Week.Host, [_week.Recorder.Catalog.Find("cpu.usage")!], from, from + (15 * Minute) - 1, 60_000, Week.End)
            .Series[0].Points;

        var point = quarter.Single(p => p.TimeMs == from);
        Assert.Equal(15, minutes.Count);
        Assert.Equal(minutes.Min(p => p.Min), point.Min);
        Assert.Equal(minutes.Max(p => p.Max), point.Max);
        Assert.Equal(minutes.Average(p => p.Avg), point.Avg, 0.01);
    }

    [Fact]
    public void A_disk_that_went_away_ends_its_line_and_is_not_drawn_on()
    {
        var answer = _week.Ask(TimeSpan.FromDays(1), "disk:/boot.used_pct");

        var points = answer.Series[0].Points;
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.True(p.TimeMs < Week.UnmountedAt, $"a point at {p.TimeMs} after the unmount"));
        Assert.DoesNotContain(points, p => p.IsGap);
    }

    [Fact]
    public void Nothing_older_than_the_retention_is_answered()
    {
        var series = _week.Recorder.Catalog.Find("cpu.usage")!;
        var answer = _week.Reader.Read(Week.Host, [series], Week.Start, Week.End, null, Week.End);

        Assert.Equal(HistoryTier.Quarter, answer.Tier);
        Assert.True(answer.Series[0].Points[0].TimeMs >= Week.Start + (2 * Day), $"{answer.Series[0].Points[0]}");
    }

    [Fact]
    public void A_day_of_history_takes_no_more_than_the_documented_bytes()
    {
        var size = _week.Store.Size();
        var minutePerDay = size.Tiers[HistoryTier.Minute].Bytes * 24.0 / size.Tiers[HistoryTier.Minute].Blocks;
        var quarterPerDay = (double)size.Tiers[HistoryTier.Quarter].Bytes / size.Tiers[HistoryTier.Quarter].Blocks;
        var rawPerHour = size.Tiers[HistoryTier.Raw].Bytes * 60.0 / size.Tiers[HistoryTier.Raw].Blocks;

        var documented = HistoryFigures.Documented();
        var measured = $"raw {rawPerHour:N0} bytes an hour (documented {documented.RawPerHour:N0}), 1-minute {minutePerDay:N0} a day "
            + $"({documented.MinutePerDay:N0}), 15-minute {quarterPerDay:N0} a day ({documented.QuarterPerDay:N0})";
        Assert.True(rawPerHour <= documented.RawPerHour && minutePerDay <= documented.MinutePerDay && quarterPerDay <= documented.QuarterPerDay,
            measured);
    }

    private Dictionary<HistoryTier, List<long>> Blocks() => HistoryTiers.All.ToDictionary(t => t,
        t => _week.Store.ReadBlocks(Week.Host, t, 0, long.MaxValue).Select(b => b.StartMs).Order().ToList());
}
