namespace Hbd.Server.Store;

/// <summary>
/// How long the store writer's transactions take and what they wrote, for /metrics: a histogram of write durations (failed
/// writes included) and running totals. Written by the flushing thread, a few times a second; read by scrapes as a snapshot.
/// </summary>
public sealed class StoreWriteStats
{
    /// <summary>Upper bounds of the duration buckets, in seconds: a commit normally takes milliseconds, a stuck disk seconds.</summary>
    public static readonly double[] BucketBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock _sync = new();
    private readonly long[] _buckets = new long[BucketBounds.Length];
    private StoreWriteTotals _totals = new(0, 0, TimeSpan.Zero, TimeSpan.Zero, 0, 0, []);

    /// <summary>A write that committed <paramref name="hosts"/> host rows and <paramref name="journal"/> journal rows.</summary>
    public void Succeeded(TimeSpan took, int hosts, int journal) => Record(took, failed: false, hosts, journal);

    /// <summary>A write that failed (it is tried again with the next batch).</summary>
    public void Failed(TimeSpan took) => Record(took, failed: true, 0, 0);

    /// <summary>The figures so far, consistent with each other.</summary>
    public StoreWriteTotals Current
    {
        get
        {
            lock (_sync)
                return _totals with { CumulativeBuckets = Cumulative() };
        }
    }

    private void Record(TimeSpan took, bool failed, int hosts, int journal)
    {
        lock (_sync)
        {
            var seconds = took.TotalSeconds;
            var bucket = Array.FindIndex(BucketBounds, bound => seconds <= bound);
            if (bucket >= 0)
                _buckets[bucket]++;
            var t = _totals;
            _totals = t with
            {
                Writes = t.Writes + 1,
                Failures = t.Failures + (failed ? 1 : 0),
                Total = t.Total + took,
                Last = took,
                HostRows = t.HostRows + hosts,
                JournalRows = t.JournalRows + journal,
            };
        }
    }

    private long[] Cumulative()
    {
        var cumulative = new long[_buckets.Length];
        long sum = 0;
        for (var i = 0; i < _buckets.Length; i++)
            cumulative[i] = sum += _buckets[i];
        return cumulative;
    }
}

/// <summary>
/// Store writes since start: how many (failed ones included), their total and last duration, rows written, and for each of
/// <see cref="StoreWriteStats.BucketBounds"/> how many writes took at most that long.
/// </summary>
public sealed record StoreWriteTotals(
    long Writes, long Failures, TimeSpan Total, TimeSpan Last, long HostRows, long JournalRows, IReadOnlyList<long> CumulativeBuckets);
