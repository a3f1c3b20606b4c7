using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Hosting;

/// <summary>One log line per host change, never one per datagram.</summary>
public sealed partial class ChangeLogger(ChangeFeed feed, ILogger<ChangeLogger> logger) : BackgroundService
{
    private readonly System.Threading.Channels.ChannelReader<HostChange> _changes = feed.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _changes.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (JournalText.For(change) is { } entry)
                    LogChange(logger, entry.Kind, entry.Text);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind}: {Text}")]
    private static partial void LogChange(ILogger logger, string kind, string text);
}
