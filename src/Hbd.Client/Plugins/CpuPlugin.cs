using Hbd.Client.Linux;
using Hbd.Common.Protocol;

namespace Hbd.Client.Plugins;

/// <summary>
/// Group "cpu": usage, iowait and steal (% of all CPU time since the previous sample), load1/5/15 and cores;
/// with <c>per_core</c>, groups "cpu:N" with usage. The first sample has no rates.
/// </summary>
internal sealed class CpuPlugin : IRatePlugin
{
    private readonly PluginContext _context;
    private readonly bool _perCore;
    private ProcStat? _previous;

    public CpuPlugin(PluginContext context, bool perCore)
    {
        _context = context;
        _perCore = perCore;
    }

    public string Name => "cpu";

    public void Collect(BeatContent beat)
    {
        if (!OperatingSystem.IsLinux())
        {
            beat.Add("cpu", new Metric("cores", Environment.ProcessorCount));
            throw new PlatformNotSupportedException("cpu: usage, iowait, steal and load come from /proc and are only measured on Linux");
        }

        var statPath = _context.Paths.ProcFile("stat");
        if (!ProcStatParser.TryParse(HostFile.Read(statPath), out var stat))
            throw HostFile.Malformed(statPath, "no aggregate 'cpu' line");
        var loadPath = _context.Paths.ProcFile("loadavg");
        if (!LoadAvgParser.TryParse(HostFile.Read(loadPath), out var load))
            throw HostFile.Malformed(loadPath, "three load averages");

        // Rates need the same CPUs in both samples: when one goes offline or comes back, the per-CPU and even the
        // aggregate counters jump, so that sample has no rates. The new sample is the baseline either way.
        var previous = _previous;
        _previous = stat;
        var comparable = previous is not null && SameCores(previous, stat);

        var metrics = new List<Metric>(7);
        if (comparable && TryShares(previous!.Total, stat.Total, out var total))
        {
            metrics.Add(new Metric("usage", Percent(total.Busy)));
            metrics.Add(new Metric("iowait", Percent(total.IoWait)));
            metrics.Add(new Metric("steal", Percent(total.Steal)));
        }
        metrics.Add(new Metric("load1", RoundLoad(load.One)));
        metrics.Add(new Metric("load5", RoundLoad(load.Five)));
        metrics.Add(new Metric("load15", RoundLoad(load.Fifteen)));
        metrics.Add(new Metric("cores", stat.Cores.Count));
        beat.Metrics.Add(new MetricGroup("cpu", metrics));

        if (!_perCore || !comparable)
            return;
        for (var i = 0; i < stat.Cores.Count; i++)
        {
            var core = stat.Cores[i];
            if (TryShares(previous!.Cores[i].Times, core.Times, out var shares))
                beat.Add($"cpu:{core.Index}", new Metric("usage", Percent(shares.Busy)));
        }
    }

    /// <summary>Fractions (0–1) of the elapsed CPU time between two samples.</summary>
    private readonly record struct TimeShares(double Busy, double IoWait, double Steal);

    // False when a counter went backwards (reset, or a kernel's iowait going down) or no time passed.
    private static bool TryShares(CpuTimes before, CpuTimes after, out TimeShares shares)
    {
        shares = default;
        if (after.IsBehind(before))
            return false;
        double idle = after.Idle - before.Idle;
        double ioWait = after.IoWait - before.IoWait;
        double steal = after.Steal - before.Steal;
        double busy = (double)(after.User - before.User) + (after.Nice - before.Nice) + (after.System - before.System)
            + (after.Irq - before.Irq) + (after.SoftIrq - before.SoftIrq) + steal;
        var elapsed = busy + idle + ioWait;
        if (elapsed <= 0)
            return false;
        shares = new TimeShares(busy / elapsed, ioWait / elapsed, steal / elapsed);
        return true;
    }

    private static bool SameCores(ProcStat a, ProcStat b)
    {
        if (a.Cores.Count != b.Cores.Count)
            return false;
        for (var i = 0; i < a.Cores.Count; i++)
        {
            if (a.Cores[i].Index != b.Cores[i].Index)
                return false;
        }
        return true;
    }

    private static double Percent(double share) => Math.Round(Math.Clamp(share * 100, 0, 100), 1, MidpointRounding.AwayFromZero);

    private static double RoundLoad(double load) => Math.Round(load, 2, MidpointRounding.AwayFromZero);
}
