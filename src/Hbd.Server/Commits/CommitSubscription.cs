using System.Threading.Channels;

namespace Hbd.Server.Commits;

/// <summary>
/// One consumer's bounded queue of committed batches. A consumer that lets it fill up is cut off rather than waited for: its
/// queue ends with <see cref="Lagged"/> set, and it resynchronises from a snapshot. Dispose to stop receiving.
/// </summary>
public sealed class CommitSubscription : IDisposable
{
    private readonly Channel<CommittedBatch> _queue;
    private readonly CommitFeed _feed;
    private readonly CancellationTokenSource _cut = new();
    private volatile bool _lagged;

    internal CommitSubscription(CommitFeed feed, int capacity, bool beats)
    {
        _feed = feed;
        WantsBeats = beats;
        _queue = Channel.CreateBounded<CommittedBatch>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full queue refuses, it never blocks the writer
        });
    }

    public ChannelReader<CommittedBatch> Reader => _queue.Reader;

    /// <summary>Whether this consumer reads <see cref="CommittedBatch.Beats"/>: only then are bodies copied out of the registry for it.</summary>
    public bool WantsBeats { get; }

    /// <summary>True once a batch could not be queued: the queue was ended, and what follows must start from a snapshot.</summary>
    public bool Lagged => _lagged;

    /// <summary>Cancelled when the subscription is cut off for lagging: a consumer stuck in a send to a peer that does not read can stop.</summary>
    public CancellationToken Cut => _cut.Token;

    /// <summary>Queues a batch; a full queue ends the subscription. Called by the feed, under its lock.</summary>
    internal bool Offer(CommittedBatch batch)
    {
        if (_queue.Writer.TryWrite(batch))
            return true;
        _lagged = true;
        _queue.Writer.TryComplete();
        // Not inline: the callbacks would run under the feed's lock, on the store writer's thread.
        ThreadPool.UnsafeQueueUserWorkItem(static cut => cut.Cancel(), _cut, preferLocal: false);
        return false;
    }

    internal void End() => _queue.Writer.TryComplete();

    public void Dispose() => _feed.Unsubscribe(this);
}
