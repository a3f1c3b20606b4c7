using System.Threading.Channels;

namespace Hbd.Server.Hosts;

/// <summary>
/// Hands the registry's host changes to the store writer, which journals them and commits them every 250 ms. Not the
/// stream consumers read: that is the <see cref="Commits.CommitFeed"/>, of what was committed. The queue is emptied at
/// every flush; what peers can make the registry change is bounded (new hosts and messages per minute, known hosts one
/// change per beat at most).
/// </summary>
public sealed class ChangeFeed
{
    private readonly Lock _sync = new();
    private Channel<HostChange>[] _subscribers = [];

    /// <summary>A reader that sees every change published from now on.</summary>
    public ChannelReader<HostChange> Subscribe()
    {
        var channel = Channel.CreateUnbounded<HostChange>(new UnboundedChannelOptions { SingleReader = true });
        lock (_sync)
            _subscribers = [.. _subscribers, channel];
        return channel.Reader;
    }

    public void Publish(HostChange change)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
            subscriber.Writer.TryWrite(change);
    }

    /// <summary>Ends every reader's stream (shutdown).</summary>
    public void Complete()
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
            subscriber.Writer.TryComplete();
    }
}
