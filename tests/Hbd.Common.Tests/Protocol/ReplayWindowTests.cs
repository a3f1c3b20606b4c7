using Hbd.Common.Protocol;

namespace Hbd.Common.Tests.Protocol;

public sealed class ReplayWindowTests
{
    private const ulong Run = 0xAAAA;
    private const ulong NextRun = 0xBBBB;
    private const long Now = 1_736_942_400_000;
    private const long Skew = 300_000;

    /// <summary>Checks and, when let through, accepts, as the server does.</summary>
    private static ReplayVerdict Offer(ref ReplayWindow window, ulong run, ulong sequence, long sentAt = Now, bool signed = true)
    {
        var verdict = window.Check(run, sequence, sentAt, Now, Skew, signed);
        if (verdict is ReplayVerdict.Fresh or ReplayVerdict.NewRun)
            window.Accept(run, sequence, sentAt);
        return verdict;
    }

    [Fact]
    public void First_beat_of_a_host_starts_a_run()
    {
        var window = default(ReplayWindow);
        Assert.Equal(ReplayVerdict.NewRun, Offer(ref window, Run, 1));
        Assert.True(window.HasRun);
        Assert.Equal(Run, window.RunId);
        Assert.Equal(1ul, window.HighestSequence);
    }

    [Fact]
    public void In_order_beats_are_fresh()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 1);
        for (ulong s = 2; s < 500; s++)
            Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, s, Now + (long)s));
        Assert.Equal(499ul, window.HighestSequence);
    }

    [Fact]
    public void Gaps_are_fresh()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 1);
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, 10));
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, 1_000_000));
    }

    [Fact]
    public void Reordered_within_64_are_fresh_once()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 100);
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, 164));
        for (ulong s = 101; s < 164; s++)
            Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, s));
        for (ulong s = 100; s <= 164; s++)
            Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, s));
    }

    [Fact]
    public void Reordered_in_reverse_are_fresh()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 50);
        for (ulong s = 49; s >= 1; s--)
            Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, s));
    }

    [Fact]
    public void Duplicate_is_replayed()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 7);
        Offer(ref window, Run, 8);
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 8));
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 7));
    }

    [Fact]
    public void Older_than_64_is_replayed_even_if_never_seen()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 1);
        Offer(ref window, Run, 200);
        Assert.Equal(ReplayVerdict.Fresh, window.Check(Run, 136, Now, Now, Skew, checkClock: true));
        Assert.Equal(ReplayVerdict.Replayed, window.Check(Run, 135, Now, Now, Skew, checkClock: true));
        Assert.Equal(ReplayVerdict.Replayed, window.Check(Run, 2, Now, Now, Skew, checkClock: true));
    }

    [Fact]
    public void Jump_of_exactly_64_keeps_the_previous_highest_marked()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 1);
        Offer(ref window, Run, 65);
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 1));
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, 2));
    }

    [Fact]
    public void Check_does_not_change_the_window()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 5);
        window.Check(Run, 6, Now, Now, Skew, checkClock: true);
        Assert.Equal(5ul, window.HighestSequence);
        Assert.Equal(ReplayVerdict.Fresh, window.Check(Run, 6, Now, Now, Skew, checkClock: true));
    }

    [Fact]
    public void New_run_within_skew_and_later_than_the_last_beat_is_a_restart()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 900, Now - 60_000);
        Assert.Equal(ReplayVerdict.NewRun, Offer(ref window, NextRun, 1, Now - 50_000));
        Assert.Equal(NextRun, window.RunId);
        Assert.Equal(1ul, window.HighestSequence);
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, NextRun, 2, Now));
    }

    [Theory]
    [InlineData(Skew + 1)]
    [InlineData(-Skew - 1)]
    [InlineData(long.MaxValue / 2)]
    public void New_run_outside_skew_is_stale(long offset)
    {
        var window = default(ReplayWindow);
        Assert.Equal(ReplayVerdict.Stale, Offer(ref window, Run, 1, Now + offset));
        Assert.False(window.HasRun);
        Offer(ref window, Run, 1, Now - 1000);
        Assert.Equal(ReplayVerdict.Stale, Offer(ref window, NextRun, 1, Now + offset));
        Assert.Equal(Run, window.RunId);
    }

    [Theory]
    [InlineData(long.MinValue + Now)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Extreme_send_times_are_stale_not_an_overflow(long sentAt)
    {
        var window = default(ReplayWindow);
        Assert.Equal(ReplayVerdict.Stale, window.Check(Run, 1, sentAt, Now, Skew, checkClock: true));
        window.Accept(Run, 1, Now);
        Assert.Equal(ReplayVerdict.Stale, window.Check(NextRun, 1, sentAt, Now, Skew, checkClock: true));
    }

    [Fact]
    public void New_run_at_the_edge_of_skew_is_accepted()
    {
        var window = default(ReplayWindow);
        Assert.Equal(ReplayVerdict.NewRun, Offer(ref window, Run, 1, Now - Skew));
    }

    [Fact]
    public void Old_run_replayed_after_a_restart_is_stale()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 10, Now - 20_000);
        Offer(ref window, NextRun, 1, Now - 10_000);
        // A recorded beat of the old run, still within the skew window: its time is before the new run's last beat.
        Assert.Equal(ReplayVerdict.Stale, Offer(ref window, Run, 11, Now - 15_000));
        Assert.Equal(ReplayVerdict.Stale, Offer(ref window, Run, 11, Now - 10_000));
        Assert.Equal(NextRun, window.RunId);
    }

    [Fact]
    public void Unsigned_skips_the_clock_check()
    {
        var window = default(ReplayWindow);
        Assert.Equal(ReplayVerdict.NewRun, Offer(ref window, Run, 1, Now - 10 * Skew, signed: false));
        Assert.Equal(ReplayVerdict.NewRun, Offer(ref window, NextRun, 1, 0, signed: false));
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, NextRun, 1, 0, signed: false));
    }

    [Fact]
    public void Restored_window_accepts_only_newer_sequences_of_the_stored_run()
    {
        var window = ReplayWindow.Restore(Run, 100, Now - 5_000);
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 100));
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 99));
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 36));
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, 101));
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 99));
    }

    [Fact]
    public void Restored_window_remembers_the_last_send_time_for_new_runs()
    {
        var window = ReplayWindow.Restore(Run, 100, Now - 5_000);
        Assert.Equal(ReplayVerdict.Stale, Offer(ref window, NextRun, 1, Now - 6_000));
        Assert.Equal(ReplayVerdict.NewRun, Offer(ref window, NextRun, 1, Now - 4_000));
    }

    [Fact]
    public void Last_send_time_never_goes_back()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 2, Now);
        Offer(ref window, Run, 1, Now - 1_000);
        Assert.Equal(Now, window.LastSentAtUnixMs);
    }

    [Fact]
    public void Sequences_near_the_top_of_the_range_work()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, ulong.MaxValue - 1);
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, ulong.MaxValue));
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, ulong.MaxValue));
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 0));
    }

    [Theory]
    [InlineData(Skew + 1)]
    [InlineData(-Skew - 1)]
    [InlineData(10L * 365 * 24 * 3600 * 1000)]
    [InlineData(long.MaxValue - Now)]
    public void Verified_beat_of_the_current_run_outside_skew_is_stale(long offset)
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 1);

        Assert.Equal(ReplayVerdict.Stale, Offer(ref window, Run, 2, Now + offset));
        Assert.Equal(Now, window.LastSentAtUnixMs);
        Assert.Equal(1ul, window.HighestSequence);
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, 2));
    }

    [Fact]
    public void A_replayed_sequence_is_replayed_whatever_its_clock()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 5);
        Assert.Equal(ReplayVerdict.Replayed, Offer(ref window, Run, 5, Now + 10 * Skew));
    }

    [Fact]
    public void Unsigned_beat_of_the_current_run_skips_the_clock_check()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 1, signed: false);
        Assert.Equal(ReplayVerdict.Fresh, Offer(ref window, Run, 2, long.MaxValue, signed: false));
    }

    [Theory]
    [InlineData(Skew + 1)]
    [InlineData(10L * 365 * 24 * 3600 * 1000)]
    [InlineData(long.MaxValue - Now)]
    public void A_stored_send_time_in_the_future_does_not_block_a_new_run_on_time(long ahead)
    {
        var window = ReplayWindow.Restore(Run, 100, Now + ahead);

        Assert.Equal(ReplayVerdict.NewRun, Offer(ref window, NextRun, 1, Now - 1_000));
        Assert.Equal(Now - 1_000, window.LastSentAtUnixMs);
        // the window is sane again: an older run is stale once more
        Assert.Equal(ReplayVerdict.Stale, Offer(ref window, Run, 101, Now - 2_000));
    }

    [Fact]
    public void An_unsigned_send_time_at_the_end_of_time_does_not_block_signed_runs_later()
    {
        var window = default(ReplayWindow);
        Offer(ref window, Run, 1, long.MaxValue, signed: false);

        Assert.Equal(ReplayVerdict.NewRun, Offer(ref window, NextRun, 1));
    }

    [Fact]
    public void A_stored_send_time_within_skew_still_guards_new_runs()
    {
        var window = ReplayWindow.Restore(Run, 100, Now + Skew);
        Assert.Equal(ReplayVerdict.Stale, Offer(ref window, NextRun, 1, Now));
    }
}
