using Hbd.Client.Agent;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests.Agent;

public sealed class ProblemTrackerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _lines = [];

    private ProblemTracker Tracker() => new(_time, _lines.Add);

    /// <summary>Reports the problem at every 10-second beat for <paramref name="span"/>.</summary>
    private void FailEveryBeatFor(ProblemTracker tracker, TimeSpan span)
    {
        for (var at = TimeSpan.Zero; at < span; at += TimeSpan.FromSeconds(10))
        {
            tracker.Failing("server mon1", "cannot resolve", "Name or service not known");
            _time.Advance(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void A_problem_is_written_once_when_it_starts_however_often_it_is_seen()
    {
        var tracker = Tracker();

        FailEveryBeatFor(tracker, TimeSpan.FromMinutes(9));

        Assert.Equal(["server mon1: cannot resolve (Name or service not known)"], _lines);
        Assert.True(tracker.IsFailing("server mon1", "cannot resolve"));
    }

    [Fact]
    public void A_lasting_problem_gets_one_reminder_per_ten_minutes()
    {
        var tracker = Tracker();

        FailEveryBeatFor(tracker, TimeSpan.FromMinutes(35));

        Assert.Equal(
        [
            "server mon1: cannot resolve (Name or service not known)",
            "server mon1: cannot resolve, still failing for 10m (Name or service not known)",
            "server mon1: cannot resolve, still failing for 20m (Name or service not known)",
            "server mon1: cannot resolve, still failing for 30m (Name or service not known)",
        ], _lines);
    }

    [Fact]
    public void The_end_of_a_problem_is_written_once_with_how_long_it_lasted()
    {
        var tracker = Tracker();
        FailEveryBeatFor(tracker, TimeSpan.FromMinutes(12));

        tracker.Ended("server mon1", "cannot resolve", "resolved again");
        tracker.Ended("server mon1", "cannot resolve", "resolved again");

        Assert.Equal("server mon1: resolved again after 12m", _lines[^1]);
        Assert.Equal(3, _lines.Count); // start, one reminder, end
        Assert.False(tracker.IsFailing("server mon1", "cannot resolve"));
    }

    [Fact]
    public void Nothing_is_written_for_what_never_failed_and_problems_are_kept_apart()
    {
        var tracker = Tracker();
        tracker.Ended("server mon1", "cannot resolve", "resolved again");

        tracker.Failing("server mon1", "cannot resolve", "Name or service not known");
        tracker.Failing("server mon1", "cannot send", "Connection refused");
        tracker.Failing("plugin disk", "failed", "boom");
        _time.Advance(TimeSpan.FromSeconds(30));
        tracker.Ended("server mon1", "cannot send", "sending again");

        Assert.Equal(
        [
            "server mon1: cannot resolve (Name or service not known)",
            "server mon1: cannot send (Connection refused)",
            "plugin disk: failed (boom)",
            "server mon1: sending again after 30s",
        ], _lines);
        Assert.True(tracker.IsFailing("server mon1", "cannot resolve"));
    }

    [Fact]
    public void A_problem_that_comes_back_starts_again()
    {
        var tracker = Tracker();
        tracker.Failing("plugin disk", "failed", "boom");
        tracker.Ended("plugin disk", "failed", "works again");
        _time.Advance(TimeSpan.FromMinutes(1));

        tracker.Failing("plugin disk", "failed", "bang");

        Assert.Equal("plugin disk: failed (bang)", _lines[^1]);
        Assert.Equal(3, _lines.Count);
    }
}
