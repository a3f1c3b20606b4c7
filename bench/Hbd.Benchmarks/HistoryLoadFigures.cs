using System.Diagnostics;
using System.Text.Json;

namespace Hbd.Benchmarks;

/// <summary>What hbd and the sender had done at one moment; two of them make a <see cref="HistoryLoadResult"/>.</summary>
internal sealed record HistoryLoadSnapshot(
    long Timestamp, double HbdCpuSeconds, double SenderCpuSeconds, long Sent, long Accepted, long Rejected, long UdpDrops,
    long HistoryBytes,
    long Samples, long BlocksWritten, long WriteFailures, long Lagged, double RssMiB, double HwmMiB)
{
    public static async Task<HistoryLoadSnapshot> TakeAsync(HbdProcess server, BeatSender sender)
    {
        var status = await server.StatusAsync();
        var datagrams = status.GetProperty("datagrams");
        var history = status.GetProperty("history");
        long History(string name) => history.ValueKind == JsonValueKind.Object ? history.GetProperty(name).GetInt64() : 0;
        using var self = Process.GetCurrentProcess();
        return new HistoryLoadSnapshot(
            Stopwatch.GetTimestamp(), server.CpuSeconds(), self.TotalProcessorTime.TotalSeconds, sender.Sent,
            datagrams.GetProperty("accepted").GetInt64(), datagrams.GetProperty("rejected_total").GetInt64(), server.UdpDrops(),
            server.HistoryBytes(),
            History("samples"), History("blocks_written"), History("write_failures"), History("lagged"),
            server.StatusMiB("VmRSS"), server.StatusMiB("VmHWM"));
    }
}

/// <summary>One server's measured window: rates over the window, memory and counters at its end.</summary>
internal sealed record HistoryLoadResult(
    int Run, int HistoryDays, double Seconds, double SentPerSecond, double AcceptedPercent, long Rejected, long UdpDrops,
    double HbdCores, double SenderCores,
    double RssMiB, double HwmMiB, double HistoryBytesPerMinute, long HistoryBytesAtEnd, long Samples, long BlocksWritten,
    long WriteFailures, long Lagged)
{
    public static HistoryLoadResult Between(int run, int historyDays, HistoryLoadSnapshot before, HistoryLoadSnapshot after)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var sent = after.Sent - before.Sent;
        return new HistoryLoadResult(
            run, historyDays, seconds, sent / seconds, 100.0 * (after.Accepted - before.Accepted) / sent,
            after.Rejected - before.Rejected, after.UdpDrops - before.UdpDrops,
            (after.HbdCpuSeconds - before.HbdCpuSeconds) / seconds, (after.SenderCpuSeconds - before.SenderCpuSeconds) / seconds,
            after.RssMiB, after.HwmMiB, (after.HistoryBytes - before.HistoryBytes) / seconds * 60, after.HistoryBytes,
            after.Samples - before.Samples, after.BlocksWritten - before.BlocksWritten, after.WriteFailures, after.Lagged);
    }
}
