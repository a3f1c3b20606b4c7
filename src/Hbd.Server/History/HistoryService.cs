using Hbd.Server.Commits;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.History;

/// <summary>
/// Feeds the history from the committed stream: each batch as it is published, and once a second the recorder's timed work
/// (minutes that ended, folds, the write). A queue that overflows is taken up again from the newest batch: the beats
/// missed show as a gap, and ingest never waits for history.
/// </summary>
public sealed partial class HistoryService(HistoryRecorder recorder, CommitFeed feed, TimeProvider time, ILogger<HistoryService> logger)
    : BackgroundService
{
    public const int QueueBatches = 256;
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FoldBudget = TimeSpan.FromMilliseconds(200);

    private CommitSubscription? _subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the store writer starts, so the first commit is seen.
        _subscription = feed.Subscribe(QueueBatches, beats: true);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscription = _subscription ?? feed.Subscribe(QueueBatches, beats: true);
        var nextTick = time.GetUtcNow() + TickInterval;
        try
        {
            while (true)
            {
                while (subscription.Reader.TryRead(out var batch))
                    recorder.Record(batch);
                if (subscription.Lagged)
                {
                    recorder.Counters.Lagged++;
                    LogLagged(logger);
                    subscription.Dispose();
                    subscription = feed.Subscribe(QueueBatches, beats: true);
                }
                var now = time.GetUtcNow();
                if (now >= nextTick)
                {
                    recorder.Tick(now.ToUnixTimeMilliseconds(), FoldBudget);
                    nextTick = now + TickInterval;
                }
                if (stoppingToken.IsCancellationRequested)
                    break;
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(nextTick - now);
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                        await Task.Delay(nextTick - now, time, stoppingToken).ConfigureAwait(false); // ended: the feed completes at shutdown
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        finally
        {
            // The store writer stopped first and published its last batch: take it, then write every open minute.
            while (subscription.Reader.TryRead(out var batch))
                recorder.Record(batch);
            subscription.Dispose();
            recorder.CloseAll(time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "history: fell behind the committed stream; taken up again from the newest batch (the beats between are a gap)")]
    private static partial void LogLagged(ILogger logger);
}
