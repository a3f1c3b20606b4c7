using Hbd.Common;

namespace Hbd.Client.Checks;

/// <summary>What one run of a check gave: its level, its message (first output line) and its performance data.</summary>
internal sealed record CheckOutcome(AlertLevel Level, string Message, IReadOnlyList<PerfDataItem> PerfData, DateTimeOffset FinishedAt)
{
    public static CheckOutcome Unknown(string message, DateTimeOffset at) => new(AlertLevel.Unknown, message, [], at);
}
