using System.Threading.Channels;

namespace Hbd.Server.Hosts;

/// <summary>
/// Fans host changes out to independent readers. Each reader has its own unbounded queue, so a slow
/// one falls behind alone and never stalls ingest; changes are rare next to datagrams.
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
