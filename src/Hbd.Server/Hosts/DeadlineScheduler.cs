using Microsoft.Extensions.Hosting;

namespace Hbd.Server.Hosts;

/// <summary>
/// Turns silence into late and down. Each host has at most one entry in a priority queue, keyed by
/// the earliest moment its state could change. Beats do not touch the queue: when an entry comes
/// due, the host's real deadline is computed from its last beat and the entry pushed back if that
/// is later. So a steady fleet costs one queue operation per host per late_after, and a deadline
/// is acted on within <see cref="Granularity"/> of passing.
/// </summary>
public sealed class DeadlineScheduler : BackgroundService
{
    /// <summary>
    /// The thread passes over the queue at most this often. A large fleet's deadlines fall on nearly every millisecond;
    /// woken for each, the thread took a sixth of hbd's CPU at 100,000 beats a second (docs/benchmarks.md, ingest).
    /// </summary>
    public static readonly TimeSpan Granularity = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private readonly PriorityQueue<HostEntry, long> _queue = new();
    private readonly Lock _sync = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly HostRegistry _registry;
    private readonly TimeProvider _time;

    public DeadlineScheduler(HostRegistry registry, TimeProvider time)
    {
        _registry = registry;
        _time = time;
        registry.NeedsDeadline += Schedule;
        registry.Reconfigured += EvaluateAllNow;
    }

    /// <summary>Queues the host for evaluation now; a host already queued keeps its place.</summary>
    public void Schedule(HostEntry entry)
    {
        lock (_sync)
        {
            if (entry.Scheduled)
                return;
            entry.Scheduled = true;
            _queue.Enqueue(entry, long.MinValue);
        }
        _wake.Set();
    }

    /// <summary>
    /// Makes every queued host due now. Its place in the queue was computed from the old late_after and down_after:
    /// a shorter one would otherwise wait for the old deadline (a host silent for an hour under a new down_after of
    /// a minute would stay up until then). One pass over the queue, once per reload.
    /// </summary>
    public void EvaluateAllNow()
    {
        lock (_sync)
        {
            var entries = _queue.UnorderedItems.Select(item => item.Element).ToList();
            _queue.Clear();
            _queue.EnqueueRange(entries, long.MinValue);
        }
        _wake.Set();
    }

    /// <summary>Acts on every deadline that has passed by <paramref name="now"/>; returns when the next one falls.</summary>
    public DateTimeOffset? RunDue(DateTimeOffset now)
    {
        var nowTicks = now.UtcTicks;
        while (true)
        {
            HostEntry entry;
            lock (_sync)
            {
                if (!_queue.TryPeek(out entry!, out var due))
                    return null;
                if (due > nowTicks)
                    return new DateTimeOffset(due, TimeSpan.Zero);
                _queue.Dequeue();
            }
            // Host lock first, as a beat takes it: a beat cannot slip between the verdict and the requeue.
            lock (entry.Sync)
            {
                var next = HostDeadlines.Evaluate(entry, now, _registry);
                lock (_sync)
                {
                    // Settings swapped while this host was out of the queue: EvaluateAllNow missed it, so evaluate it again now.
                    if (next is not null && entry.SettingsGeneration != _registry.Generation)
                        _queue.Enqueue(entry, long.MinValue);
                    else if (next is { } at)
                        _queue.Enqueue(entry, at.UtcTicks); // ticks, not ms: a rounded deadline could come due before it has passed
                    else
                        entry.Scheduled = false;
                }
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
            }
            catch (ObjectDisposedException)
            {
                // The host disposed the stopping token's source as it went down: the loop's work is over.
            }
        })
        { IsBackground = true, Name = "hbd deadlines" };
        thread.Start();
        return Task.CompletedTask;
    }

    private void Run(CancellationToken stop)
    {
        using var registration = stop.Register(() => _wake.Set());
        while (!stop.IsCancellationRequested)
        {
            var next = RunDue(_time.GetUtcNow());
            var wait = next is { } at ? at - _time.GetUtcNow() : MaxWait;
            if (wait <= TimeSpan.Zero)
                continue;
            // Reset before the pass that follows, never after it: a Schedule during the pass leaves the event set.
            _wake.Wait(wait < Granularity ? Granularity : wait > MaxWait ? MaxWait : wait);
            _wake.Reset();
        }
    }

    // _wake is not disposed: the thread may still be in Wait or Reset when the host disposes its services (stopping
    // does not wait for the thread), and a disposed event would throw there and take the process with it. Without a
    // wait handle asked of it, a ManualResetEventSlim holds nothing that needs disposing.
}
