namespace Hbd.Server.Ingest;

/// <summary>
/// The (host, run id, sequence) of recent journal messages, so a message datagram repeated or replayed
/// within the clock-skew window is taken once. Bounded: the oldest are forgotten first.
/// </summary>
public sealed class RecentMessages(int capacity = 10_000)
{
    private readonly HashSet<(string Host, ulong RunId, ulong Sequence)> _seen = [];
    private readonly Queue<(string Host, ulong RunId, ulong Sequence)> _order = new();
    private readonly Lock _sync = new();

    public bool TryAdd(string host, ulong runId, ulong sequence)
    {
        var key = (host.ToUpperInvariant(), runId, sequence);
        lock (_sync)
        {
            if (!_seen.Add(key))
                return false;
            _order.Enqueue(key);
            if (_order.Count > capacity)
                _seen.Remove(_order.Dequeue());
            return true;
        }
    }
}
