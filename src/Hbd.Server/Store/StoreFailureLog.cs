using Hbd.Server.Journal;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Store;

/// <summary>
/// What the log says about failing store writes: one line when they start, at most one summary a
/// minute while they last, one when they recover. The writer retries every 250 ms; a line with a
/// stack trace per attempt would bury everything else in the log.
/// </summary>
internal sealed partial class StoreFailureLog(ILogger logger)
{
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromMinutes(1);

    private DateTimeOffset _lastLine;
    private int _attemptsSinceLine;

    /// <summary>Called after each failed write, with the failures in a row so far (1 for the first).</summary>
    public void Failed(DateTimeOffset now, int consecutiveFailures, Exception error)
    {
        if (consecutiveFailures == 1)
        {
            LogStarted(logger, error.Message);
            LogStartedDetail(logger, error); // the stack, for -v
            _lastLine = now;
            _attemptsSinceLine = 0;
            return;
        }
        _attemptsSinceLine++;
        var span = now - _lastLine;
        if (span < SummaryInterval)
            return;
        LogStillFailing(logger, _attemptsSinceLine, (long)Math.Round(span.TotalSeconds), error.Message);
        _lastLine = now;
        _attemptsSinceLine = 0;
    }

    /// <summary>Called after the first good write that follows failed ones.</summary>
    public void Recovered(TimeSpan failedFor) => LogRecovered(logger, Durations.Format(failedFor));

    [LoggerMessage(Level = LogLevel.Error, Message = "store writes failing; retrying, and keeping what is not written: {Reason}")]
    private static partial void LogStarted(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "store write failure in detail")]
    private static partial void LogStartedDetail(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "store writes still failing: {Attempts} attempts in {Seconds} s, last: {Reason}")]
    private static partial void LogStillFailing(ILogger logger, int attempts, long seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "store writes recovered after {Duration}; nothing was lost")]
    private static partial void LogRecovered(ILogger logger, string duration);
}
