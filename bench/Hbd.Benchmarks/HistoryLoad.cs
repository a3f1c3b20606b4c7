using System.Globalization;
using System.Text;

namespace Hbd.Benchmarks;

/// <summary>
/// The whole server's cost of metric history: <c>dotnet run -c Release --project bench/Hbd.Benchmarks -- history-load
/// [HOSTS=100000] [SECONDS=120] [ROUNDS=1]</c>. Each round runs the built hbd twice, history_days 0 then 7, one after the
/// other in this invocation so that both see the same machine; HOSTS hosts beat every 10 s throughout. After one round
/// of beats has made every host, it measures for SECONDS: hbd's CPU time from /proc (not the sender's, which runs here),
/// its memory, the datagrams it took of those sent, and how fast history.db grew. Needs
/// <c>dotnet build -c Release src/Hbd.Server</c> first (running this project builds it as a reference).
/// </summary>
internal static class HistoryLoad
{
    private static readonly TimeSpan HostsTimeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 120;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var executable = HbdProcess.Executable();
        if (!File.Exists(executable))
        {
            Console.Error.WriteLine($"{executable} not found: build it with `dotnet build -c Release src/Hbd.Server`");
            return 1;
        }
        var key = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{hosts:N0} hosts every {BeatSender.Interval.TotalSeconds} s ({hosts / BeatSender.Interval.TotalSeconds:N0} "
            + $"beats/s), {seconds} s measured per server, {rounds} round(s) of history off then on; "
            + $"{Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        var results = new List<HistoryLoadResult>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var days in (int[])[0, 7])
            {
                var result = await MeasureAsync(results.Count + 1, executable, key, hosts, seconds, days);
                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {result.Run} done: {result.HbdCores:F3} cores; load average {LoadAverage()}"));
            }
        }
        Console.WriteLine();
        Console.Write(Table(results));
        Console.Write(Summary(results));
        return 0;
    }

    /// <summary>Starts hbd, sends one round to create every host, measures the window, and stops hbd.</summary>
    private static async Task<HistoryLoadResult> MeasureAsync(int run, string executable, string key, int hosts, int seconds, int days)
    {
        await using var server = await HbdProcess.StartAsync(executable, key, days);
        using var sender = new BeatSender(hosts, server.HbPort, Encoding.UTF8.GetBytes(key));
        using var stop = new CancellationTokenSource();
        var sending = sender.RunAsync(stop.Token);
        try
        {
            await Task.Delay(BeatSender.Interval);
            var deadline = DateTime.UtcNow + HostsTimeout;
            int total;
            while ((total = (await server.StatusAsync()).GetProperty("hosts").GetProperty("total").GetInt32()) < hosts)
            {
                if (sending.IsCompleted || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"hbd has {total} of {hosts} hosts:\n{server.Output}");
                await Task.Delay(250);
            }
            // History closes every host's minute at once just after it ends: a window from half past holds whole
            // minutes' writes, none cut in two at its edges.
            var now = DateTime.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds((90 - now.Second - (now.Millisecond / 1000.0)) % 60));
            var before = await HistoryLoadSnapshot.TakeAsync(server, sender);
            Console.WriteLine($"run {run} (history_days {days}): {total:N0} hosts, measuring from {DateTime.UtcNow:HH:mm:ss} UTC");
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var after = await HistoryLoadSnapshot.TakeAsync(server, sender);
            return HistoryLoadResult.Between(run, days, before, after);
        }
        finally
        {
            await stop.CancelAsync();
            await sending;
        }
    }

    private static string Table(List<HistoryLoadResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| run | history | sent/s | accepted % | rejected | kernel drops | hbd cores (CPU s per s) | RSS MiB (peak) | history.db growth MB/min "
            + "| samples | blocks written | lagged | sender cores |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Run} | {(r.HistoryDays > 0 ? $"on ({r.HistoryDays} d)" : "off")} | {r.SentPerSecond:N0} "
                + $"| {r.AcceptedPercent:F2} | {r.Rejected:N0} | {r.UdpDrops:N0} | {r.HbdCores:F3} | {r.RssMiB:F0} ({r.HwmMiB:F0}) "
                + $"| {r.HistoryBytesPerMinute / 1e6:F1} "
                + $"| {r.Samples:N0} | {r.BlocksWritten:N0} | {r.Lagged} | {r.SenderCores:F3} |"));
        }
        return table.ToString();
    }

    private static string Summary(List<HistoryLoadResult> results)
    {
        var off = results.Where(r => r.HistoryDays == 0).ToList();
        var on = results.Where(r => r.HistoryDays > 0).ToList();
        var (coresOff, coresOn) = (off.Average(r => r.HbdCores), on.Average(r => r.HbdCores));
        var perMinute = on.Average(r => r.HistoryBytesPerMinute);
        var failures = on.Sum(r => r.WriteFailures);
        return string.Create(CultureInfo.InvariantCulture, $"""

            hbd cores, history on − off: {coresOn - coresOff:F3} (on {coresOn:F3}, off {coresOff:F3};
              ratio on/off {coresOn / coresOff:F2})
            history.db written per day: {perMinute * 1440 / 1e9:F1} GB ({perMinute / 1e6:F1} MB per minute × 1440;
              write volume, not the size held: raw blocks are pruned after 70 minutes)
            history.db + WAL at the end of the last run with history: {on[^1].HistoryBytesAtEnd / 1e6:F1} MB; write failures: {failures}

            """);
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
