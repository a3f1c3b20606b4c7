namespace Hbd.Server.Commits;

/// <summary>
/// The latest committed batches, so a client that reconnects with the last sequence it saw can be given what it missed instead of
/// a whole snapshot. Bounded by the number of host snapshots held, since a batch of a large fleet holds thousands.
/// </summary>
internal sealed class RecentBatches(int maxHosts)
{
    private readonly Queue<CommittedBatch> _batches = new();
    private int _hosts;

    public void Add(CommittedBatch batch)
    {
        _batches.Enqueue(batch);
        _hosts += batch.Hosts.Count;
        while (_batches.Count > 1 && _hosts > maxHosts)
            _hosts -= _batches.Dequeue().Hosts.Count;
    }

    /// <summary>Every batch after <paramref name="sequence"/>, or null when some of them are no longer held.</summary>
    public IReadOnlyList<CommittedBatch>? After(long sequence, long latest)
    {
        if (sequence >= latest)
            return sequence == latest ? [] : null;
        if (_batches.Count == 0 || _batches.Peek().Sequence > sequence + 1)
            return null;
        return _batches.Where(b => b.Sequence > sequence).ToList();
    }
}
