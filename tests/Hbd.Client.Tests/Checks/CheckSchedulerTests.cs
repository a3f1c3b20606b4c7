using System.Collections.Concurrent;
using Hbd.Client.Checks;
using Hbd.Common;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests.Checks;

/// <summary>Scheduling on a fake clock with a fake runner; the real processes are in NagiosPluginTests.</summary>
public sealed class CheckSchedulerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(Fixtures.Now);
    private readonly FakeRunner _runner = new();

    private CheckScheduler Scheduler(int maxParallel, params (string Name, TimeSpan Interval)[] checks) =>
        new(checks.Select(c => new CheckDefinition(c.Name, ["true"], c.Interval, TimeSpan.FromSeconds(10))).ToList(),
            maxParallel, _time, _runner.RunAsync);

    private static void Eventually(Func<bool> condition, string what) =>
        Assert.True(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)), $"never happened: {what}");

    [Fact]
    public void A_check_with_an_interval_runs_at_start_and_then_once_per_interval()
    {
        using var scheduler = Scheduler(4, ("load", Minute));

        scheduler.Start();
        Eventually(() => Latest(scheduler) == "run 1", "first run");
        _time.Advance(Minute - TimeSpan.FromSeconds(1));
        Assert.Equal(1, _runner.Runs("load"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Eventually(() => Latest(scheduler) == "run 2", "second run");
        _time.Advance(Minute);
        Eventually(() => Latest(scheduler) == "run 3", "third run");
        scheduler.Start(); // idempotent: no second timer
        _time.Advance(Minute);
        Eventually(() => Latest(scheduler) == "run 4", "fourth run");
        Assert.Equal(4, _runner.Runs("load"));
    }

    private static string? Latest(CheckScheduler scheduler) => scheduler.Results[0].Latest?.Message;

    [Fact]
    public void Results_are_pending_until_the_first_run_ends_then_the_latest_is_kept()
    {
        _runner.Gated = true;
        using var scheduler = Scheduler(4, ("disk", Minute));

        scheduler.Start();
        var first = _runner.NextStarted();
        Assert.Null(Assert.Single(scheduler.Results).Latest);

        first.Done.SetResult(new CheckOutcome(AlertLevel.Warning, "one", [], _time.GetUtcNow()));
        Eventually(() => scheduler.Results[0].Latest?.Message == "one", "first result");
        _time.Advance(Minute);
        var second = _runner.NextStarted();
        Assert.Equal("one", scheduler.Results[0].Latest!.Message); // still the previous one while the next runs
        second.Done.SetResult(new CheckOutcome(AlertLevel.Ok, "two", [], _time.GetUtcNow()));
        Eventually(() => scheduler.Results[0].Latest?.Message == "two", "second result");
    }

    [Fact]
    public void A_check_never_runs_twice_at_once()
    {
        _runner.Gated = true;
        using var scheduler = Scheduler(4, ("slow", Minute));

        scheduler.Start();
        var first = _runner.NextStarted();
        for (var i = 0; i < 5; i++)
            _time.Advance(Minute); // ticks while it runs are skipped, not queued
        Assert.Equal(1, _runner.Runs("slow"));

        first.Done.SetResult(Ok());
        Eventually(() => scheduler.Results[0].Latest is not null, "result");
        _time.Advance(Minute);
        _runner.NextStarted().Done.SetResult(Ok());
        Assert.Equal(2, _runner.Runs("slow"));
        Assert.Equal(1, _runner.MaxRunning);
    }

    [Fact]
    public void At_most_max_parallel_checks_run_at_once()
    {
        _runner.Gated = true;
        using var scheduler = Scheduler(2, ("a", Minute), ("b", Minute), ("c", Minute), ("d", Minute));

        scheduler.Start();
        var running = new[] { _runner.NextStarted(), _runner.NextStarted() };
        Assert.Equal(2, _runner.Running);

        running[0].Done.SetResult(Ok());
        var third = _runner.NextStarted();
        running[1].Done.SetResult(Ok());
        var fourth = _runner.NextStarted();
        third.Done.SetResult(Ok());
        fourth.Done.SetResult(Ok());

        Eventually(() => scheduler.Results.All(r => r.Latest is not null), "all results");
        Assert.Equal(2, _runner.MaxRunning);
        Assert.Equal(["a", "b", "c", "d"], scheduler.Results.Select(r => r.Check.Name));
    }

    [Fact]
    public void A_check_without_an_interval_runs_at_every_beat_unless_still_running()
    {
        _runner.Gated = true;
        using var scheduler = Scheduler(4, ("every", TimeSpan.Zero), ("timed", Minute));

        scheduler.Start();
        _runner.NextStarted().Done.SetResult(Ok()); // "timed", at start
        Assert.Equal(0, _runner.Runs("every"));

        scheduler.OnBeat();
        var run = _runner.NextStarted();
        Assert.Equal("every", run.Name);
        scheduler.OnBeat();
        scheduler.OnBeat();
        Assert.Equal(1, _runner.Runs("every"));

        run.Done.SetResult(Ok());
        Eventually(() => scheduler.Results[0].Latest is not null, "result");
        scheduler.OnBeat();
        _runner.NextStarted().Done.SetResult(Ok());
        Assert.Equal(2, _runner.Runs("every"));
        Assert.Equal(1, _runner.Runs("timed"));
    }

    [Fact]
    public void A_runner_that_throws_gives_unknown_and_the_check_runs_again()
    {
        _runner.Gated = true;
        using var scheduler = Scheduler(1, ("broken", Minute));

        scheduler.Start();
        _runner.NextStarted().Done.SetException(new InvalidOperationException("boom"));
        Eventually(() => scheduler.Results[0].Latest is not null, "result");
        Assert.Equal((AlertLevel.Unknown, "check failed: boom"), (scheduler.Results[0].Latest!.Level, scheduler.Results[0].Latest!.Message));

        _time.Advance(Minute);
        _runner.NextStarted().Done.SetResult(Ok());
        Eventually(() => scheduler.Results[0].Latest!.Level == AlertLevel.Ok, "recovered");
    }

    [Fact]
    public void Dispose_stops_the_runs_in_progress_and_the_timers()
    {
        _runner.Gated = true;
        var scheduler = Scheduler(1, ("a", Minute), ("b", Minute));

        scheduler.Start();
        var running = _runner.NextStarted();
        scheduler.Dispose();

        Assert.True(running.Token.IsCancellationRequested);
        _time.Advance(Minute * 3);
        scheduler.OnBeat();
        scheduler.Start();
        Assert.Equal(1, _runner.Runs("a") + _runner.Runs("b"));
        Assert.All(scheduler.Results, r => Assert.Null(r.Latest));
        scheduler.Dispose(); // twice is fine
    }

    private CheckOutcome Ok() => new(AlertLevel.Ok, "fine", [], _time.GetUtcNow());

    private sealed class FakeRunner
    {
        private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);
        private readonly BlockingCollection<Started> _started = [];
        private int _running;
        private int _maxRunning;

        /// <summary>Runs wait for the test to complete them; otherwise they end at once, OK.</summary>
        public bool Gated { get; set; }

        public int Running => Volatile.Read(ref _running);

        public int MaxRunning => Volatile.Read(ref _maxRunning);

        public int Runs(string name) => _runs.GetValueOrDefault(name);

        public Started NextStarted() =>
            _started.TryTake(out var started, TimeSpan.FromSeconds(10)) ? started : throw new TimeoutException("no check started");

        public async Task<CheckOutcome> RunAsync(CheckDefinition check, CancellationToken cancel)
        {
            var now = Interlocked.Increment(ref _running);
            var max = Volatile.Read(ref _maxRunning);
            while (now > max && Interlocked.CompareExchange(ref _maxRunning, now, max) != max)
                max = Volatile.Read(ref _maxRunning);
            var run = _runs.AddOrUpdate(check.Name, 1, (_, n) => n + 1);
            try
            {
                if (!Gated)
                    return new CheckOutcome(AlertLevel.Ok, $"run {run}", [], DateTimeOffset.UnixEpoch);
                var done = new TaskCompletionSource<CheckOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                using var registration = cancel.Register(() => done.TrySetCanceled(cancel));
                _started.Add(new Started(check.Name, done, cancel));
                return await done.Task;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private sealed record Started(string Name, TaskCompletionSource<CheckOutcome> Done, CancellationToken Token);
}
