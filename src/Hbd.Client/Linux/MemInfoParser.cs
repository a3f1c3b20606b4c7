using System.Globalization;

namespace Hbd.Client.Linux;

/// <summary>
/// Memory and swap sizes in bytes. <c>AvailableIsEstimate</c> is true on kernels before 3.14, which lack MemAvailable:
/// <c>AvailableBytes</c> is then MemFree + Buffers + Cached.
/// </summary>
internal readonly record struct MemInfo(
    ulong TotalBytes, ulong AvailableBytes, ulong SwapTotalBytes, ulong SwapFreeBytes, bool AvailableIsEstimate);

/// <summary>Parses /proc/meminfo (<c>MemTotal:  24684096 kB</c>). Never throws; fails only without MemTotal or any free figure.</summary>
internal static class MemInfoParser
{
    public static bool TryParse(ReadOnlySpan<char> text, out MemInfo info)
    {
        info = default;
        ulong? total = null, available = null, free = null;
        ulong buffers = 0, cached = 0, swapTotal = 0, swapFree = 0;
        foreach (var line in text.EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || !TryParseBytes(line[(colon + 1)..], out var bytes))
                continue;
            switch (line[..colon])
            {
                case "MemTotal": total = bytes; break;
                case "MemAvailable": available = bytes; break;
                case "MemFree": free = bytes; break;
                case "Buffers": buffers = bytes; break;
                case "Cached": cached = bytes; break;
                case "SwapTotal": swapTotal = bytes; break;
                case "SwapFree": swapFree = bytes; break;
            }
        }
        if (total is not { } memTotal || (available is null && free is null))
            return false;
        var estimate = available is null;
        var memAvailable = available ?? SaturatingSum(free!.Value, buffers, cached);
        info = new MemInfo(memTotal, memAvailable, swapTotal, swapFree, estimate);
        return true;
    }

    // "<number> kB" (every memory line) or a bare count (HugePages_Total); other units are not used by the kernel.
    private static bool TryParseBytes(ReadOnlySpan<char> value, out ulong bytes)
    {
        bytes = 0;
        value = value.Trim();
        var space = value.IndexOfAny(' ', '\t');
        var number = space < 0 ? value : value[..space];
        ReadOnlySpan<char> unit = space < 0 ? [] : value[space..].TrimStart();
        if (!ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            return false;
        if (unit.IsEmpty)
        {
            bytes = amount;
            return true;
        }
        if (unit is not "kB" || amount > ulong.MaxValue / 1024)
            return false;
        bytes = amount * 1024;
        return true;
    }

    private static ulong SaturatingSum(ulong a, ulong b, ulong c)
    {
        var sum = a + b;
        if (sum < a)
            return ulong.MaxValue;
        var total = sum + c;
        return total < sum ? ulong.MaxValue : total;
    }
}
