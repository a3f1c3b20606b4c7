using Hbd.Common;

namespace Hbd.Client.Checks;

/// <summary>What one run of a check gave: its level, its message (first output line) and its performance data.</summary>
internal sealed record CheckOutcome(AlertLevel Level, string Message, IReadOnlyList<PerfDataItem> PerfData, DateTimeOffset FinishedAt)
{
    public static CheckOutcome Unknown(string message, DateTimeOffset at) => new(AlertLevel.Unknown, message, [], at);

    /// <summary>The check did not run to an answer (missing, not executable, timed out): UNKNOWN, and a problem to log.</summary>
    public static CheckOutcome NotRun(string message, DateTimeOffset at) => Unknown(message, at) with { RunFailed = true };

    /// <summary>Whether the check failed to run, as opposed to a check that ran and said UNKNOWN.</summary>
    public bool RunFailed { get; init; }
}
