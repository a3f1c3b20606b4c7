using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hbd.Client.Linux;

/// <summary>Jiffies spent in each state since boot, for one CPU or all of them (a <c>cpu</c> line of /proc/stat).</summary>
internal readonly record struct CpuTimes(
    ulong User, ulong Nice, ulong System, ulong Idle, ulong IoWait, ulong Irq, ulong SoftIrq, ulong Steal)
{
    /// <summary>True when any counter is lower than in <paramref name="earlier"/>: a reset, not elapsed time.</summary>
    public bool IsBehind(CpuTimes earlier) =>
        User < earlier.User || Nice < earlier.Nice || System < earlier.System || Idle < earlier.Idle
        || IoWait < earlier.IoWait || Irq < earlier.Irq || SoftIrq < earlier.SoftIrq || Steal < earlier.Steal;
}

/// <summary>One CPU's line: <c>cpu3 …</c> has <see cref="Index"/> 3.</summary>
internal readonly record struct CpuCoreTimes(int Index, CpuTimes Times);

/// <summary>What the agent uses of /proc/stat: the aggregate line, the online CPUs in kernel order and the boot time.</summary>
internal sealed record ProcStat(CpuTimes Total, IReadOnlyList<CpuCoreTimes> Cores, long? BootTimeUnixSeconds);

/// <summary>Parses /proc/stat (proc(5)). Never throws: malformed CPU lines are left out, a missing aggregate line fails.</summary>
internal static class ProcStatParser
{
    // user nice system idle are present on every kernel; iowait (2.5.41), irq, softirq (2.6.0), steal (2.6.11) may be missing.
    private const int RequiredFields = 4;

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out ProcStat? stat)
    {
        stat = null;
        CpuTimes? total = null;
        var cores = new List<CpuCoreTimes>();
        long? bootTime = null;
        foreach (var rawLine in text.EnumerateLines())
        {
            var line = rawLine.Trim();
            var keyEnd = line.IndexOfAny(' ', '\t');
            if (keyEnd <= 0)
                continue;
            var key = line[..keyEnd];
            var rest = line[keyEnd..];
            if (key is "cpu")
            {
                if (total is null && TryParseTimes(rest, out var times))
                    total = times;
            }
            else if (key.StartsWith("cpu", StringComparison.Ordinal))
            {
                // The kernel lists CPUs in ascending order; anything else is garbage and left out.
                if (int.TryParse(key[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    && (cores.Count == 0 || index > cores[^1].Index)
                    && TryParseTimes(rest, out var times))
                {
                    cores.Add(new CpuCoreTimes(index, times));
                }
            }
            else if (key is "btime"
                     && long.TryParse(rest.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                bootTime = seconds;
            }
        }
        if (total is null)
            return false;
        stat = new ProcStat(total.Value, cores, bootTime);
        return true;
    }

    private static bool TryParseTimes(ReadOnlySpan<char> fields, out CpuTimes times)
    {
        times = default;
        Span<ulong> values = stackalloc ulong[8];
        var count = 0;
        foreach (var range in fields.SplitAny(' ', '\t'))
        {
            var field = fields[range];
            if (field.IsEmpty)
                continue;
            // guest and guest_nice (columns 9 and 10) are already counted in user and nice.
            if (count == values.Length)
                break;
            if (!ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out values[count]))
                return false;
            count++;
        }
        if (count < RequiredFields)
            return false;
        times = new CpuTimes(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
        return true;
    }
}
