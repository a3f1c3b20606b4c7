using System.Globalization;

namespace Hbd.Client.Linux;

/// <summary>One network interface's counters since it was created: bytes, packets, errors and drops each way.</summary>
internal sealed record NetDevice(
    string Name,
    ulong RxBytes,
    ulong RxPackets,
    ulong RxErrors,
    ulong RxDrops,
    ulong TxBytes,
    ulong TxPackets,
    ulong TxErrors,
    ulong TxDrops);

/// <summary>
/// Parses /proc/net/dev: two header lines, then <c>  eth0: rx bytes packets errs drop fifo frame compressed multicast
/// tx bytes packets errs drop fifo colls carrier compressed</c>. Old kernels leave no space after the colon once the
/// byte count is wide. Never throws: a malformed line is left out.
/// </summary>
internal static class NetDevParser
{
    private const int Fields = 16;

    public static IReadOnlyList<NetDevice> Parse(ReadOnlySpan<char> text)
    {
        var devices = new List<NetDevice>();
        Span<ulong> values = stackalloc ulong[Fields];
        foreach (var line in text.EnumerateLines())
        {
            // Interface names cannot contain ':' (dev_valid_name), so the first one ends the name; headers have none.
            var colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var name = line[..colon].Trim();
            if (name.IsEmpty || !TryParseCounters(line[(colon + 1)..], values))
                continue;
            devices.Add(new NetDevice(
                name.ToString(), values[0], values[1], values[2], values[3], values[8], values[9], values[10], values[11]));
        }
        return devices;
    }

    private static bool TryParseCounters(ReadOnlySpan<char> text, Span<ulong> values)
    {
        var count = 0;
        foreach (var range in text.SplitAny(' ', '\t'))
        {
            var field = text[range];
            if (field.IsEmpty)
                continue;
            if (count == values.Length)
                break;
            if (!ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out values[count]))
                return false;
            count++;
        }
        return count == values.Length;
    }
}
