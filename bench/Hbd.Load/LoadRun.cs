using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Hbd.Load;

/// <summary>Starts the sender threads together, waits for them, and reports what went.</summary>
internal static class LoadRun
{
    private const long MaxPoolBytes = 8L << 30;

    public static int Run(LoadOptions options)
    {
        var key = options.Key is null ? null : Encoding.UTF8.GetBytes(options.Key);
        var digits = LoadHosts.DigitsFor(options.Hosts);
        var templates = new BeatTemplates(digits, options.Interval, key);
        // A fresh run id per host and invocation: hbd takes each run as an agent's restart, never as a replay.
        var runIdBase = (ulong)Random.Shared.NextInt64((long)BeatTemplates.MinRunId, long.MaxValue - options.Hosts);
        var downHosts = LoadHosts.DownCount(options.Hosts, options.DownPercent);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hbload: {options.Hosts} hosts {LoadHosts.Name(1, digits)} … {LoadHosts.Name(options.Hosts, digits)} to {options.Server}, "
            + $"{(options.IsUnbounded ? "as fast as possible" : $"{options.Rate:0.##}/s")} for {options.Seconds:0.###} s, "
            + $"{(key is null ? "unsigned" : "signed")} beats of {templates.MeanLength:0} bytes announcing a "
            + $"{options.Interval.TotalSeconds:0.###} s interval, {options.Threads} thread(s)"));
        if (downHosts > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"hbload: {downHosts} hosts ({options.DownPercent:0.##} %, e.g. {LoadHosts.Name(FirstDown(options), digits)}) stop after their first beat"));
        }

        var slices = Enumerable.Range(0, options.Threads).Select(t => new SenderSlice(options, t, templates, runIdBase)).ToArray();
        try
        {
            if (options.Pool && !MakePools(slices, templates))
                return LoadCommandLine.UsageError;
            var start = Stopwatch.GetTimestamp();
            var threads = slices.Select(slice => new Thread(() => slice.Run(start)) { Name = "hbload sender", IsBackground = true }).ToArray();
            foreach (var thread in threads)
                thread.Start();
            foreach (var thread in threads)
                thread.Join();

            var report = new LoadReport
            {
                Sent = slices.Sum(s => s.Sent),
                Seconds = Stopwatch.GetElapsedTime(start, slices.Max(s => s.LastSentAt) is > 0 and var last ? last : start).TotalSeconds,
                TargetRate = options.Rate,
                Hosts = options.Hosts,
                Threads = options.Threads,
                Bytes = templates.MeanLength,
                Signed = key is not null,
                Offload = slices.All(s => s.SegmentSize > 0),
                Rounds = (double)slices.Sum(s => s.Turns) / options.Hosts,
                Missed = slices.Sum(s => s.Missed),
                Refused = slices.Sum(s => s.Refused),
                DownHosts = downHosts,
                DownAt = slices.Max(s => s.DownAt),
            };
            // The last millisecond's turns are often still due when the time is up: only more than that is worth a word.
            if (report.Missed > options.Rate / 100)
                Console.Error.WriteLine($"hbload: fell behind the rate by {report.Missed} datagrams; try more --threads");
            if (report.Rounds < 1)
                Console.Error.WriteLine("hbload: not every host beat even once: more --seconds or a higher --rate");
            if (report.DownAt is { } downAt)
                Console.WriteLine($"hbload: the {downHosts} down hosts sent their last beat by {downAt:yyyy-MM-ddTHH:mm:ss.fffZ}");
            Console.WriteLine(report.ToJson());
            return 0;
        }
        finally
        {
            foreach (var slice in slices)
                slice.Dispose();
        }
    }

    /// <summary>Encodes every beat of the run, a slice per thread; false when that would take too much memory.</summary>
    private static bool MakePools(SenderSlice[] slices, BeatTemplates templates)
    {
        var beats = slices.Sum(s => s.PoolBeats());
        var bytes = (double)beats * templates.MaxLength;
        if (bytes > MaxPoolBytes || slices.Any(s => s.PoolBeats() > int.MaxValue))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"hbload: --pool would hold {beats} beats, {bytes / (1 << 30):0.0} GiB (at most {MaxPoolBytes / (1 << 30)} GiB): fewer --seconds, or no --pool"));
            return false;
        }
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(slices, slice => slice.Prepare());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hbload: encoded and signed {beats} beats ({bytes / (1 << 20):0} MiB) in {clock.Elapsed.TotalSeconds:0.0} s"));
        return true;
    }

    private static int FirstDown(LoadOptions options)
    {
        var host = 1;
        while (!LoadHosts.IsDown(host, options.DownPercent))
            host++;
        return host;
    }
}
