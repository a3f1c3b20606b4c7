using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Hosts;

namespace Hbd.Server.Tests.Hosts;

public sealed class HostRegistryTests
{
    [Fact]
    public void New_host_is_added_and_up()
    {
        var f = new RegistryFixture();
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", level: AlertLevel.Warning, source: RegistryFixture.Source("192.0.2.7")));

        var added = Assert.IsType<HostAdded>(Assert.Single(f.Changes()));
        Assert.Equal(("web1", "192.0.2.7", AlertLevel.Warning, f.Time.GetUtcNow()), (added.Host, added.Address, added.Level, added.Time));
        var entry = f.Entry("web1");
        Assert.Equal(HostState.Up, entry.State);
        Assert.Equal(AlertLevel.Warning, entry.Level);
        Assert.Equal(f.Time.GetUtcNow(), entry.FirstSeen);
        Assert.Equal(f.Time.GetUtcNow(), entry.LastSeen);
        Assert.Equal(f.Time.GetUtcNow(), entry.StateSince);
        Assert.Equal(TimeSpan.FromSeconds(10), entry.Interval);
        Assert.Equal("192.0.2.7", entry.Address);
        Assert.Equal(1, f.Registry.Count);
    }

    [Fact]
    public void Same_beat_twice_is_replayed_and_changes_nothing()
    {
        var f = new RegistryFixture();
        var datagram = RegistryFixture.Datagram(f.NewBeat("web1", seq: 5));
        Assert.Equal(BeatOutcome.Accepted, f.Registry.ApplyBeat(RegistryFixture.Frame(datagram), RegistryFixture.Source(), false));
        f.Changes();
        var seenAt = f.Time.GetUtcNow();

        f.Time.Advance(TimeSpan.FromSeconds(3));
        var again = f.Registry.ApplyBeat(RegistryFixture.Frame(datagram), RegistryFixture.Source("198.51.100.1"), false);

        Assert.Equal(BeatOutcome.Replayed, again);
        Assert.Empty(f.Changes());
        var entry = f.Entry("web1");
        Assert.Equal(seenAt, entry.LastSeen);
        Assert.Equal("192.0.2.10", entry.Address);
        Assert.Equal(5UL, entry.Replay.HighestSequence);
    }

    [Fact]
    public void Reordered_sequences_within_the_window_are_accepted_once()
    {
        var f = new RegistryFixture();
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 10));
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 12));
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 11));
        Assert.Equal(BeatOutcome.Replayed, f.Beat("web1", seq: 11));
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 9));
        Assert.Equal(12UL, f.Entry("web1").Replay.HighestSequence);
    }

    [Fact]
    public void Level_change_is_published_once()
    {
        var f = new RegistryFixture();
        f.Beat("web1", seq: 0, level: AlertLevel.Ok);
        f.Changes();

        f.Beat("web1", seq: 1, level: AlertLevel.Critical);
        f.Beat("web1", seq: 2, level: AlertLevel.Critical);

        var changed = Assert.IsType<HostLevelChanged>(Assert.Single(f.Changes()));
        Assert.Equal((AlertLevel.Ok, AlertLevel.Critical), (changed.From, changed.To));
        Assert.Equal(AlertLevel.Critical, f.Entry("web1").Level);
    }

    [Fact]
    public void New_source_address_is_an_address_change()
    {
        var f = new RegistryFixture();
        f.Beat("web1", seq: 0, source: RegistryFixture.Source("192.0.2.10"));
        f.Changes();

        f.Beat("web1", seq: 1, source: RegistryFixture.Source("198.51.100.20"));

        var moved = Assert.IsType<HostAddressChanged>(Assert.Single(f.Changes()));
        Assert.Equal(("web1", "192.0.2.10", "198.51.100.20"), (moved.Host, moved.From, moved.To));
        Assert.Equal("198.51.100.20", f.Entry("web1").Address);
    }

    [Fact]
    public void New_source_port_alone_is_not_an_address_change()
    {
        var f = new RegistryFixture();
        f.Beat("web1", seq: 0, source: RegistryFixture.Source("192.0.2.10", 40000));
        f.Changes();

        f.Beat("web1", seq: 1, source: RegistryFixture.Source("192.0.2.10", 51234));
        f.Beat("web1", seq: 2, source: RegistryFixture.Source("192.0.2.10", 40000));

        Assert.Empty(f.Changes());
        Assert.Equal("192.0.2.10", f.Entry("web1").Address);
    }

    [Fact]
    public void Ipv4_mapped_source_reads_as_ipv4()
    {
        var f = new RegistryFixture();
        f.Beat("web1", source: RegistryFixture.Source("::ffff:192.0.2.10"));
        Assert.Equal("192.0.2.10", f.Entry("web1").Address);
    }

    [Fact]
    public void Host_limit_turns_away_new_names_but_not_known_hosts()
    {
        var f = new RegistryFixture(new MonitorSettings { MaxHosts = 2 });
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 0));
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web2", seq: 0));
        f.Changes();

        Assert.Equal(BeatOutcome.HostLimit, f.Beat("web3", seq: 0));
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 1));
        Assert.Equal(BeatOutcome.Accepted, f.Beat("WEB2", seq: 1));

        Assert.Empty(f.Changes());
        Assert.Equal(2, f.Registry.Count);
        Assert.False(f.Registry.TryGet("web3", out _));
    }

    [Fact]
    public void Host_names_are_case_insensitive()
    {
        var f = new RegistryFixture();
        f.Beat("WEB1", seq: 0);
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 1));
        Assert.Equal(BeatOutcome.Replayed, f.Beat("Web1", seq: 1));

        Assert.Equal(1, f.Registry.Count);
        Assert.Single(f.Changes().OfType<HostAdded>());
        Assert.True(f.Registry.TryGet("wEb1", out var entry));
        Assert.Equal("WEB1", entry.Name); // the first spelling stays
        Assert.Equal(1UL, entry.Replay.HighestSequence);
    }

    [Fact]
    public void Signed_new_run_outside_the_clock_skew_is_stale()
    {
        var f = new RegistryFixture(new MonitorSettings { MaxClockSkew = TimeSpan.FromSeconds(300) });
        var now = f.Time.GetUtcNow();
        f.Beat("web1", run: 1, seq: 7, checkClock: true);
        f.Changes();

        Assert.Equal(BeatOutcome.Stale, f.Beat("web1", run: 2, seq: 0, checkClock: true, sentAt: now - TimeSpan.FromSeconds(301)));
        Assert.Equal(BeatOutcome.Stale, f.Beat("web1", run: 3, seq: 0, checkClock: true, sentAt: now + TimeSpan.FromSeconds(301)));

        Assert.IsType<HostClockRejected>(Assert.Single(f.Changes()));
        Assert.Equal(1UL, f.Entry("web1").Replay.RunId);
        // unsigned beats carry no trustworthy time: the clock is not checked
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", run: 2, seq: 0, checkClock: false, sentAt: now - TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Signed_new_run_within_the_clock_skew_restarts_the_sequence()
    {
        var f = new RegistryFixture();
        f.Beat("web1", run: 1, seq: 500, checkClock: true);
        f.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", run: 2, seq: 0, checkClock: true));
        Assert.Equal((2UL, 0UL), (f.Entry("web1").Replay.RunId, f.Entry("web1").Replay.HighestSequence));
    }

    [Fact]
    public void One_beat_with_a_clock_years_ahead_does_not_lock_the_host_out()
    {
        var f = new RegistryFixture();
        var now = f.Time.GetUtcNow();
        f.Beat("web1", run: 1, seq: 1, checkClock: true);
        f.Changes();

        Assert.Equal(BeatOutcome.Stale, f.Beat("web1", run: 1, seq: 2, checkClock: true, sentAt: now.AddYears(10)));
        Assert.Equal(now.ToUnixTimeMilliseconds(), f.Entry("web1").Replay.LastSentAtUnixMs);

        f.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", run: 2, seq: 0, checkClock: true)); // the agent restarted, clock right
    }

    [Fact]
    public void The_first_stale_drop_names_the_host_and_the_skew_seen()
    {
        var f = new RegistryFixture();
        var now = f.Time.GetUtcNow();
        f.Beat("web1", run: 1, seq: 1, checkClock: true);
        f.Changes();

        f.Beat("web1", run: 1, seq: 2, checkClock: true, sentAt: now + TimeSpan.FromHours(2));

        var report = Assert.IsType<HostClockRejected>(Assert.Single(f.Changes()));
        Assert.Equal(("web1", (long)TimeSpan.FromHours(2).TotalMilliseconds, false), (report.Host, report.OffsetMs, report.BeforeLatest));
        Assert.Equal(TimeSpan.FromSeconds(300), report.MaxClockSkew);
    }

    [Fact]
    public void Stale_drops_are_named_again_only_after_a_quiet_spell()
    {
        var f = new RegistryFixture();
        f.Beat("web1", run: 1, seq: 0, checkClock: true);
        ulong seq = 1;
        int Reports(TimeSpan over)
        {
            var end = f.Time.GetUtcNow() + over;
            var count = 0;
            while (f.Time.GetUtcNow() < end)
            {
                f.Beat("web1", run: 1, seq: seq++, checkClock: true, sentAt: f.Time.GetUtcNow().AddDays(1));
                count += f.Changes().OfType<HostClockRejected>().Count();
                f.Time.Advance(TimeSpan.FromSeconds(10));
            }
            return count;
        }

        Assert.Equal(1, Reports(StaleBeatReports.Quiet));
        Assert.Equal(1, Reports(StaleBeatReports.Quiet));
        Assert.Equal(0, f.Changes().Count(c => c is not HostClockRejected));
    }

    [Fact]
    public void An_unsigned_send_time_at_the_end_of_time_does_not_lock_out_signed_runs_later()
    {
        var f = new RegistryFixture();
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", run: 1, seq: 0, checkClock: false, sentAt: DateTimeOffset.MaxValue));

        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", run: 2, seq: 0, checkClock: true));
        Assert.Equal(f.Time.GetUtcNow().ToUnixTimeMilliseconds(), f.Entry("web1").Replay.LastSentAtUnixMs);
    }

    [Fact]
    public void Stale_beat_of_a_new_host_leaves_no_trace()
    {
        var f = new RegistryFixture();
        var outcome = f.Beat("web1", checkClock: true, sentAt: f.Time.GetUtcNow() - TimeSpan.FromHours(1));

        Assert.Equal(BeatOutcome.Stale, outcome);
        Assert.IsType<HostClockRejected>(Assert.Single(f.Changes())); // named, but no host made of it
        Assert.False(f.Registry.TryGet("web1", out _));
        Assert.Equal(0, f.Registry.Count);
    }

    [Fact]
    public void Restored_host_is_unknown_until_heard()
    {
        var f = new RegistryFixture();
        f.Registry.Restore(RegistryFixture.Stored("web1", HostState.Up));

        var entry = f.Entry("web1");
        Assert.Equal(HostState.Unknown, entry.State);
        Assert.Equal(HostState.Up, entry.StoredState);
        Assert.Equal(f.Registry.StartedAt, entry.StateSince);
        Assert.Empty(f.Changes());
    }

    [Fact]
    public void Restored_host_stored_up_goes_up_silently()
    {
        var f = new RegistryFixture();
        f.Registry.Restore(RegistryFixture.Stored("web1", HostState.Up));
        f.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", source: RegistryFixture.Source("192.0.2.10")));

        Assert.Empty(f.Changes());
        Assert.Equal(HostState.Up, f.StateOf("web1"));
        Assert.Equal(f.Time.GetUtcNow(), f.Entry("web1").StateSince);
    }

    [Fact]
    public void Restored_host_stored_down_announces_it_is_up_again()
    {
        var f = new RegistryFixture();
        var stored = RegistryFixture.Stored("web1", HostState.Down);
        var lastSeen = stored.LastSeen!.Value;
        f.Registry.Restore(stored);
        f.Time.Advance(TimeSpan.FromSeconds(5));

        f.Beat("web1", source: RegistryFixture.Source("192.0.2.10"));

        var up = Assert.IsType<HostStateChanged>(Assert.Single(f.Changes()));
        Assert.Equal((HostState.Down, HostState.Up), (up.From, up.To));
        Assert.Equal(f.Time.GetUtcNow() - lastSeen, up.Silence);
        Assert.False(up.NeverSeen);
        Assert.Equal(HostState.Up, f.StateOf("web1"));
    }

    [Fact]
    public void Remove_forgets_the_host()
    {
        var f = new RegistryFixture();
        f.Beat("web1");
        f.Changes();

        Assert.True(f.Registry.Remove("WEB1", "127.0.0.1"));

        var removed = Assert.IsType<HostRemoved>(Assert.Single(f.Changes()));
        Assert.Equal("web1", removed.Host);
        Assert.False(f.Registry.TryGet("web1", out _));
        Assert.Equal(0, f.Registry.Count);
        Assert.False(f.Registry.Remove("web1", "127.0.0.1"));
        Assert.Empty(f.Changes());
    }

    [Fact]
    public void Removed_host_that_beats_again_is_new()
    {
        var f = new RegistryFixture();
        f.Beat("web1", seq: 0);
        f.Registry.Remove("web1", "127.0.0.1");
        f.Changes();

        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 0));
        Assert.IsType<HostAdded>(Assert.Single(f.Changes()));
    }

    [Fact]
    public void Inventory_is_kept_across_beats_that_carry_none()
    {
        var f = new RegistryFixture();
        f.Beat(f.NewBeat("web1", seq: 0) with { Inventory = new Dictionary<string, object?> { ["os"] = "linux" } });
        var at = f.Time.GetUtcNow();
        f.Time.Advance(TimeSpan.FromSeconds(10));
        f.Beat("web1", seq: 1);

        var entry = f.Entry("web1");
        Assert.Equal("linux", HeartbeatReader.ReadInventory(entry.Inventory!).GetValueOrDefault("os"));
        Assert.Equal(at, entry.InventoryAt);
        Assert.Equal(1UL, HeartbeatReader.ReadBody(entry.Body!.Value).Sequence);
    }

    [Fact]
    public void Applying_a_beat_to_a_known_host_allocates_nothing()
    {
        const int Beats = 1_000;
        var f = new RegistryFixture();
        var source = RegistryFixture.Source();
        // Encoded and decoded up front: only ApplyBeat is measured. Frames point into their own buffers.
        var frames = Enumerable.Range(0, 2 * Beats + 1)
            .Select(i => RegistryFixture.Frame(RegistryFixture.Datagram(f.NewBeat("web1", seq: (ulong)i))))
            .ToArray();
        Assert.Equal(BeatOutcome.Accepted, f.Registry.ApplyBeat(frames[0], source, checkClock: true));
        for (var i = 1; i <= Beats; i++) // warm-up: JIT, tiering, buffers sized
            f.Registry.ApplyBeat(frames[i], source, checkClock: true);

        var outcomes = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = Beats + 1; i <= 2 * Beats; i++)
            outcomes += (int)f.Registry.ApplyBeat(frames[i], source, checkClock: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, outcomes); // every one Accepted
        // Not even the body: the entry copies it into its own buffer (a collection runs on the thread that allocates).
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_beat_from_another_port_of_the_same_address_allocates_nothing_and_keeps_the_address()
    {
        const int Beats = 1_000;
        var f = new RegistryFixture();
        var frames = Enumerable.Range(0, 2 * Beats + 1)
            .Select(i => RegistryFixture.Frame(RegistryFixture.Datagram(f.NewBeat("web1", seq: (ulong)i))))
            .ToArray();
        var sources = Enumerable.Range(0, 2 * Beats + 1).Select(i => RegistryFixture.Source(port: 40000 + i)).ToArray();
        for (var i = 0; i <= Beats; i++)
            f.Registry.ApplyBeat(frames[i], sources[i], checkClock: true);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = Beats + 1; i <= 2 * Beats; i++)
            f.Registry.ApplyBeat(frames[i], sources[i], checkClock: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(f.Registry.TryGet("web1", out var entry));
        Assert.Equal("192.0.2.10", entry.Address);
        // A new address is still seen, v4 or v6, and the port does not hide it.
        f.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(f.NewBeat("web1", seq: 5000))), RegistryFixture.Source("192.0.2.11", 40000), checkClock: true);
        Assert.Equal("192.0.2.11", entry.Address);
        f.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(f.NewBeat("web1", seq: 5001))), RegistryFixture.Source("2001:db8::1", 40001), checkClock: true);
        Assert.Equal("2001:db8::1", entry.Address);
        f.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(f.NewBeat("web1", seq: 5002))), RegistryFixture.Source("2001:db8::2", 40001), checkClock: true);
        Assert.Equal("2001:db8::2", entry.Address);
    }

    [Fact]
    public void Past_the_bodies_budget_a_beat_counts_without_its_body_and_the_next_one_keeps_it()
    {
        var bodies = new BodyBufferPool(budget: 512); // one buffer of the smallest size
        var f = new RegistryFixture(bodies: bodies);
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web1", seq: 0)); // takes the whole budget until the store has it

        Assert.Equal(BeatOutcome.Accepted, f.Beat("web2", seq: 0));

        var web2 = f.Entry("web2");
        Assert.Equal(HostState.Up, web2.State);
        Assert.Null(web2.Body);
        Assert.Equal(1, bodies.Refused);
        // Once the store has web1's body, its buffer serves the next beat.
        lock (f.Entry("web1").Sync)
            f.Entry("web1").BodyStored(f.Entry("web1").BodyVersion, bodies);
        Assert.Equal(BeatOutcome.Accepted, f.Beat("web2", seq: 1));
        Assert.NotNull(web2.Body);
    }

    [Fact]
    public void A_forgotten_host_gives_back_the_buffer_of_a_body_the_store_never_got()
    {
        var bodies = new BodyBufferPool();
        var f = new RegistryFixture(bodies: bodies);
        f.Beat("web1", seq: 0);
        Assert.True(bodies.Out > 0);

        Assert.True(f.Registry.Remove("web1", "127.0.0.1"));

        Assert.Equal(0, bodies.Out);
    }
}
