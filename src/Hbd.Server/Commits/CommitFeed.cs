using Hbd.Server.Store;

namespace Hbd.Server.Commits;

/// <summary>
/// The stream of committed batches. The store writer publishes each batch after its transaction; the read model takes it first,
/// then every subscriber's bounded queue. A consumer that falls behind is cut off (<see cref="CommitSubscription.Lagged"/>);
/// none ever makes the writer wait. Subscribing and taking the read model's snapshot happen under one lock, so a snapshot
/// joins the stream without a gap or a duplicate.
/// </summary>
public sealed class CommitFeed(CommittedHosts hosts, int recentHosts = CommitFeed.DefaultRecentHosts)
{
    /// <summary>Host snapshots kept for clients that resume with <c>?since=</c>.</summary>
    public const int DefaultRecentHosts = 50_000;

    private readonly Lock _sync = new();
    private readonly RecentBatches _recent = new(recentHosts);
    private CommitSubscription[] _subscribers = [];
    private long _sequence;

    public CommittedHosts Hosts => hosts;

    /// <summary>The sequence number of the latest batch published (0 before the first).</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Numbers and publishes a committed batch. Called by the store writer alone, after its commit.</summary>
    public CommittedBatch Publish(DateTimeOffset committedAt, IReadOnlyList<HostSnapshot> snapshots,
        IReadOnlyList<Journal.JournalEntry> journal, IReadOnlyList<string> removed)
    {
        lock (_sync)
        {
            var sequence = _sequence + 1;
            var beats = new List<PersistedHost>();
            foreach (var snapshot in snapshots)
            {
                if (snapshot.Row.Body is not null)
                    beats.Add(snapshot.Row);
            }
            var batch = new CommittedBatch(sequence, committedAt, hosts.Apply(sequence, snapshots, removed), journal, removed, beats);
            Interlocked.Exchange(ref _sequence, sequence);
            _recent.Add(batch with { Beats = [] });
            var lagging = 0;
            foreach (var subscriber in _subscribers)
                if (!subscriber.Offer(batch))
                    lagging++;
            if (lagging > 0)
                _subscribers = [.. _subscribers.Where(s => !s.Lagged)];
            return batch;
        }
    }

    /// <summary>
    /// A queue of every batch published from now on; with <paramref name="beats"/>, its batches carry the bodies of the
    /// beats they commit (<see cref="CommittedBatch.Beats"/>), which otherwise go from the registry to the store uncopied.
    /// </summary>
    public CommitSubscription Subscribe(int capacity, bool beats = false)
    {
        lock (_sync)
            return AddSubscriber(capacity, beats);
    }

    /// <summary>Whether the next batch's rows must carry copies of their bodies: a consumer reads them, or the read model keeps them.</summary>
    public bool WantsBodies => hosts.KeepsBodies || Array.Exists(Volatile.Read(ref _subscribers), s => s.WantsBeats);

    /// <summary>A queue of every batch after the returned snapshot of the hosts, which is as of <c>Sequence</c>.</summary>
    public (CommitSubscription Subscription, HostsSnapshot Snapshot) SubscribeWithSnapshot(int capacity)
    {
        lock (_sync)
            return (AddSubscriber(capacity, beats: false), new HostsSnapshot(_sequence, [.. hosts.All]));
    }

    /// <summary>
    /// A queue that continues from <paramref name="since"/>: the batches after it that are still held come first. Null when
    /// some are no longer held (the client must take a snapshot).
    /// </summary>
    public (CommitSubscription Subscription, IReadOnlyList<CommittedBatch> Missed)? Resume(long since, int capacity)
    {
        lock (_sync)
        {
            if (_recent.After(since, _sequence) is not { } missed || missed.Count >= capacity)
                return null;
            var subscription = AddSubscriber(capacity, beats: false);
            return (subscription, missed);
        }
    }

    internal void Unsubscribe(CommitSubscription subscription)
    {
        lock (_sync)
            _subscribers = [.. _subscribers.Where(s => s != subscription)];
        subscription.End();
    }

    /// <summary>Ends every queue (shutdown).</summary>
    public void Complete()
    {
        lock (_sync)
        {
            foreach (var subscriber in _subscribers)
                subscriber.End();
            _subscribers = [];
        }
    }

    private CommitSubscription AddSubscriber(int capacity, bool beats)
    {
        var subscription = new CommitSubscription(this, capacity, beats);
        _subscribers = [.. _subscribers, subscription];
        return subscription;
    }
}

/// <summary>Every host as committed up to <see cref="Sequence"/>.</summary>
public sealed record HostsSnapshot(long Sequence, IReadOnlyList<HostRecord> Hosts);
