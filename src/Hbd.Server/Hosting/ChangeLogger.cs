using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Hosting;

/// <summary>
/// One log line per host change, never one per datagram; beyond <see cref="LinesPerSecond"/> a second, one summary line
/// per second (the journal has every change).
/// </summary>
public sealed partial class ChangeLogger(ChangeFeed feed, TimeProvider time, ILogger<ChangeLogger> logger) : BackgroundService
{
    public const int LinesPerSecond = 20;
    private static readonly TimeSpan DrainInterval = TimeSpan.FromMilliseconds(250);

    private readonly System.Threading.Channels.ChannelReader<HostChange> _changes = feed.Subscribe();
    private readonly LogThrottle _throttle = new(LinesPerSecond);

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
    }

    /// <summary>Logs what arrived since the last call, within the throttle.</summary>
    public void Drain()
    {
        var now = time.GetUtcNow();
        if (_throttle.TakeSuppressed(now) is > 0 and var held)
            LogSuppressed(logger, held);
        while (_changes.TryRead(out var change))
        {
            if (JournalText.For(change) is { } entry && _throttle.TryTake(now))
                LogChange(logger, entry.Kind, entry.Text);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind}: {Text}")]
    private static partial void LogChange(ILogger logger, string kind, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} more host changes in the last second not logged one by one; the journal has them")]
    private static partial void LogSuppressed(ILogger logger, int count);
}
