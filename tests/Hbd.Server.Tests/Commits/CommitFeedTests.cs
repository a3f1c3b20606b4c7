using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Commits;

public sealed class CommitFeedTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly CommitFeed _feed = new(new CommittedHosts(), recentHosts: 10);

    [Fact]
    public void Batches_are_numbered_from_one_in_order_and_reach_every_subscriber()
    {
        using var a = _feed.Subscribe(16);
        using var b = _feed.Subscribe(16);

        Publish("web1");
        Publish("web2");

        Assert.Equal([1L, 2L], Drain(a).Select(x => x.Sequence));
        Assert.Equal([1L, 2L], Drain(b).Select(x => x.Sequence));
        Assert.Equal(2, _feed.Sequence);
    }

    [Fact]
    public void The_read_model_takes_each_batch_before_subscribers_see_it()
    {
        using var subscription = _feed.Subscribe(16);
        Publish("web1");
        Assert.True(_feed.Hosts.TryGet("WEB1", out var record));
        Assert.Equal(HostState.Up, record.State);
        Assert.Equal(1, _feed.Hosts.Sequence);

        _feed.Publish(T, [], [], ["web1"]);

        Assert.False(_feed.Hosts.TryGet("web1", out _));
        Assert.Equal(["web1"], Drain(subscription)[1].Removed);
    }

    [Fact]
    public void A_subscriber_that_does_not_read_is_cut_off_and_the_others_go_on()
    {
        using var slow = _feed.Subscribe(2);
        using var reader = _feed.Subscribe(100);

        for (var i = 0; i < 10; i++)
            Publish($"h{i}");

        Assert.True(slow.Lagged);
        Assert.Equal(2, Drain(slow).Count);
        Assert.True(slow.Reader.Completion.IsCompleted);
        Assert.False(reader.Lagged);
        Assert.Equal(10, Drain(reader).Count);
        Assert.Equal(1, _feed.SubscriberCount);
    }

    [Fact]
    public void A_disposed_subscription_gets_nothing_more_and_is_forgotten()
    {
        var subscription = _feed.Subscribe(16);
        subscription.Dispose();

        Publish("web1");

        Assert.Empty(Drain(subscription));
        Assert.Equal(0, _feed.SubscriberCount);
    }

    [Fact]
    public void A_snapshot_joins_the_stream_without_a_gap_or_a_duplicate()
    {
        Publish("web1");
        Publish("web2");
        var (subscription, snapshot) = _feed.SubscribeWithSnapshot(16);
        using var _ = subscription;
        Publish("web3");

        Assert.Equal(2, snapshot.Sequence);
        Assert.Equal(["web1", "web2"], snapshot.Hosts.Select(h => h.Name).Order());
        Assert.Equal([3L], Drain(subscription).Select(b => b.Sequence));
    }

    [Fact]
    public void Resuming_gives_the_missed_batches_while_they_are_held()
    {
        for (var i = 1; i <= 5; i++)
            Publish($"h{i}");

        var resumed = _feed.Resume(since: 3, capacity: 16);

        Assert.NotNull(resumed);
        using var subscription = resumed.Value.Subscription;
        Assert.Equal([4L, 5L], resumed.Value.Missed.Select(b => b.Sequence));
        Publish("h6");
        Assert.Equal([6L], Drain(subscription).Select(b => b.Sequence));
    }

    [Fact]
    public void Resuming_from_too_far_back_or_from_the_future_asks_for_a_snapshot()
    {
        // Each batch holds 3 hosts; 10 are held, so the oldest go.
        for (var i = 0; i < 10; i++)
            Publish($"a{i}", $"b{i}", $"c{i}");

        Assert.Null(_feed.Resume(since: 1, capacity: 16));
        Assert.Null(_feed.Resume(since: 11, capacity: 16));
        Assert.NotNull(_feed.Resume(since: 10, capacity: 16));
        Assert.NotNull(_feed.Resume(since: 8, capacity: 16));
    }

    private void Publish(params string[] hosts) =>
        _feed.Publish(T, [.. hosts.Select(Snapshot)], [new JournalEntry(1, T, hosts[0], JournalKinds.HostNew, "ok", "new")], []);

    private static HostSnapshot Snapshot(string name) =>
        new(new PersistedHost { Name = name, State = "up", LastSeen = T }, HostState.Up);

    private static List<CommittedBatch> Drain(CommitSubscription subscription)
    {
        var batches = new List<CommittedBatch>();
        while (subscription.Reader.TryRead(out var batch))
            batches.Add(batch);
        return batches;
    }
}
