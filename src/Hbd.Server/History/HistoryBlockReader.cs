using Microsoft.Extensions.Logging;

namespace Hbd.Server.History;

/// <summary>Decodes stored blocks; one that does not decode (a damaged file) is left out and logged, never fatal.</summary>
public static partial class HistoryBlockReader
{
    public static HistoryColumns? TryDecode(HistoryBlock block, ILogger logger)
    {
        try
        {
            return HistoryBlockCodec.Decode(block.Tier, block.Data);
        }
        catch (InvalidDataException e)
        {
            LogUnreadable(logger, block.Host, block.Tier, block.StartMs, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "history: a {Tier} block of {Host} at {StartMs} cannot be read ({Reason}); it is left out")]
    private static partial void LogUnreadable(ILogger logger, string host, HistoryTier tier, long startMs, string reason);
}
