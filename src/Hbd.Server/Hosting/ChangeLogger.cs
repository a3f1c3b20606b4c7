using Hbd.Server.Commits;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Hosting;

/// <summary>
/// One log line per journal entry as committed, never one per datagram; beyond <see cref="LinesPerSecond"/> a second, one
/// summary line per second (the journal has every entry).
/// </summary>
public sealed partial class ChangeLogger(CommitFeed commits, TimeProvider time, ILogger<ChangeLogger> logger) : BackgroundService
{
    public const int LinesPerSecond = 20;
    private const int QueueBatches = 256;
    private static readonly TimeSpan DrainInterval = TimeSpan.FromMilliseconds(250);

    private readonly LogThrottle _throttle = new(LinesPerSecond);
    private CommitSubscription _commits = commits.Subscribe(QueueBatches);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DrainInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                Drain();
        }
        catch (OperationCanceledException)
        {
        }
        Drain();
        _commits.Dispose();
    }

    /// <summary>Logs what was committed since the last call, within the throttle.</summary>
    public void Drain()
    {
        var now = time.GetUtcNow();
        if (_throttle.TakeSuppressed(now) is > 0 and var held)
            LogSuppressed(logger, held);
        while (_commits.Reader.TryRead(out var batch))
        {
            foreach (var entry in batch.Journal)
                if (_throttle.TryTake(now))
                    LogEntry(logger, entry.Kind, entry.Text);
        }
        if (_commits.Lagged)
        {
            // Only if logging itself stalled for a minute: say so and go on from now.
            LogFellBehind(logger);
            _commits = commits.Subscribe(QueueBatches);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind}: {Text}")]
    private static partial void LogEntry(ILogger logger, string kind, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} more journal entries in the last second not logged one by one; the journal has them")]
    private static partial void LogSuppressed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The log fell behind the journal; some entries were not logged (the journal has them)")]
    private static partial void LogFellBehind(ILogger logger);
}
