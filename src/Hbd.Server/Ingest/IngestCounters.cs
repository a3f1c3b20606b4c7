namespace Hbd.Server.Ingest;

/// <summary>Datagram counters; written by the receive thread, read by the API at any time.</summary>
public sealed class IngestCounters
{
    private readonly long[] _rejected = new long[RejectReasons.All.Length];
    private long _accepted;
    private long _messages;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Messages => Interlocked.Read(ref _messages);

    public long Rejected(RejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    public long TotalRejected
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _rejected.Length; i++)
                total += Interlocked.Read(ref _rejected[i]);
            return total;
        }
    }

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountMessage() => Interlocked.Increment(ref _messages);

    public void CountRejected(RejectReason reason) => Interlocked.Increment(ref _rejected[(int)reason]);
}
