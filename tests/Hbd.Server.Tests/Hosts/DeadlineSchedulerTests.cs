using Hbd.Server.Hosts;

namespace Hbd.Server.Tests.Hosts;

public sealed class DeadlineSchedulerTests
{
    [Fact]
    public async Task Disposing_the_scheduler_while_its_thread_waits_leaves_the_process_running()
    {
        // As the host does when a later service fails to start: Dispose without StopAsync, while the thread waits.
        var f = new RegistryFixture();
        var scheduler = new DeadlineScheduler(f.Registry, TimeProvider.System);
        await scheduler.StartAsync(CancellationToken.None);
        await Task.Delay(50);

        scheduler.Dispose();

        // The thread's longest wait and what follows it: an exception there would end this test process.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
    }

    [Fact]
    public void Host_is_late_at_twice_and_down_at_four_times_its_interval()
    {
        var f = new RegistryFixture();
        f.Beat("web1", intervalSeconds: 10);
        f.Scheduler.RunDue(f.Time.GetUtcNow());
        f.Changes();

        f.Advance(TimeSpan.FromSeconds(19.9));
        Assert.Equal(HostState.Up, f.StateOf("web1"));
        f.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(HostState.Late, f.StateOf("web1"));
        f.Advance(TimeSpan.FromSeconds(19.9));
        Assert.Equal(HostState.Late, f.StateOf("web1"));
        f.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(HostState.Down, f.StateOf("web1"));

        var changes = f.Changes().OfType<HostStateChanged>().ToList();
        Assert.Equal([HostState.Late, HostState.Down], changes.Select(c => c.To));
        Assert.Equal(TimeSpan.FromSeconds(40), changes[1].Silence);
    }

    [Fact]
    public void Host_announcing_1_ms_is_late_after_2_s_and_down_after_4_s()
    {
        var f = new RegistryFixture();
        f.Beat("web1", intervalSeconds: 0.001);
        f.Scheduler.RunDue(f.Time.GetUtcNow());
        f.Changes();

        f.Advance(TimeSpan.FromSeconds(1.999));
        Assert.Equal(HostState.Up, f.StateOf("web1"));
        f.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HostState.Late, f.StateOf("web1"));
        f.Advance(TimeSpan.FromSeconds(1.999));
        Assert.Equal(HostState.Late, f.StateOf("web1"));
        f.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HostState.Down, f.StateOf("web1"));
        Assert.Equal([HostState.Late, HostState.Down], f.Changes().OfType<HostStateChanged>().Select(c => c.To));
        // What the host announced is still what it shows.
        Assert.Equal(TimeSpan.FromMilliseconds(1), f.Entry("web1").Interval);
    }

    [Fact]
    public void Configured_down_after_beats_the_interval_multiple()
    {
        var f = new RegistryFixture(new MonitorSettings { DownAfter = TimeSpan.FromSeconds(3) });
        f.Beat("web1", intervalSeconds: 1);
        f.Scheduler.RunDue(f.Time.GetUtcNow());
        f.Advance(TimeSpan.FromSeconds(2.999));
        Assert.Equal(HostState.Late, f.StateOf("web1"));
        f.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HostState.Down, f.StateOf("web1"));
    }

    [Fact]
    public void Beats_push_the_deadline_back()
    {
        var f = new RegistryFixture();
        f.Beat("web1", seq: 0);
        f.Scheduler.RunDue(f.Time.GetUtcNow());
        for (ulong seq = 1; seq <= 10; seq++)
        {
            f.Advance(TimeSpan.FromSeconds(10));
            f.Beat("web1", seq: seq);
        }
        f.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(HostState.Up, f.StateOf("web1"));
    }

    [Fact]
    public void Down_host_comes_back_up_with_its_downtime()
    {
        var f = new RegistryFixture();
        f.Beat("web1", seq: 0);
        f.Scheduler.RunDue(f.Time.GetUtcNow());
        f.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HostState.Down, f.StateOf("web1"));
        f.Changes();

        f.Beat("web1", seq: 1);
        Assert.Equal(HostState.Up, f.StateOf("web1"));
        var up = Assert.Single(f.Changes().OfType<HostStateChanged>());
        Assert.Equal((HostState.Down, HostState.Up), (up.From, up.To));
        Assert.Equal(TimeSpan.FromSeconds(60), up.Silence);

        // and it is watched again
        f.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(HostState.Down, f.StateOf("web1"));
    }

    [Fact]
    public void Watched_host_never_seen_is_down_after_down_after_from_start()
    {
        var f = new RegistryFixture(new MonitorSettings { WatchHosts = ["db1"], DownAfter = TimeSpan.FromSeconds(30) });
        f.Registry.AddWatchHosts();
        f.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HostState.Unknown, f.StateOf("db1"));
        f.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HostState.Down, f.StateOf("db1"));
        var down = Assert.Single(f.Changes().OfType<HostStateChanged>());
        Assert.True(down.NeverSeen);
    }

    [Fact]
    public void Class_settings_beat_global_settings()
    {
        var core = new HostClassSettings("core", null, TimeSpan.FromSeconds(5), true);
        var f = new RegistryFixture(new MonitorSettings
        {
            DownAfter = TimeSpan.FromMinutes(10),
            ClassOf = name => name.StartsWith("db", StringComparison.Ordinal) ? core : null,
        });
        f.Beat("db1");
        f.Beat("web1");
        f.Scheduler.RunDue(f.Time.GetUtcNow());
        f.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HostState.Down, f.StateOf("db1"));
        Assert.Equal(HostState.Up, f.StateOf("web1"));
    }

    [Fact]
    public void Reconfigure_applies_new_timeouts_to_known_hosts()
    {
        var f = new RegistryFixture();
        f.Beat("web1");
        f.Scheduler.RunDue(f.Time.GetUtcNow());
        f.Registry.Reconfigure(new MonitorSettings { LateAfter = TimeSpan.FromSeconds(100), DownAfter = TimeSpan.FromSeconds(200) });
        f.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HostState.Up, f.StateOf("web1"));
        f.Advance(TimeSpan.FromSeconds(170));
        Assert.Equal(HostState.Down, f.StateOf("web1"));
    }

    [Fact]
    public void Reconfigure_to_shorter_timeouts_takes_a_silent_host_down_without_waiting_for_its_old_deadline()
    {
        var f = new RegistryFixture(new MonitorSettings { LateAfter = TimeSpan.FromMinutes(30), DownAfter = TimeSpan.FromHours(1) });
        f.Beat("web1");
        f.Scheduler.RunDue(f.Time.GetUtcNow());
        f.Advance(TimeSpan.FromSeconds(5));

        f.Registry.Reconfigure(new MonitorSettings { LateAfter = TimeSpan.FromSeconds(1), DownAfter = TimeSpan.FromSeconds(2) });
        f.Scheduler.RunDue(f.Time.GetUtcNow());

        Assert.Equal(HostState.Down, f.StateOf("web1"));
    }
}
