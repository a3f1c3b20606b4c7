using System.Globalization;

namespace Hbd.Client.Linux;

/// <summary>One block device's transfer counters since boot, in 512-byte sectors whatever the device's own sector size.</summary>
internal sealed record DiskStats(uint Major, uint Minor, string Name, ulong SectorsRead, ulong SectorsWritten);

/// <summary>
/// Parses /proc/diskstats (Documentation/admin-guide/iostats.rst): <c>major minor name</c> and then 11 counters
/// (kernels 2.6.25 to 4.17), 15 (4.18 adds discards) or 17 (5.5 adds flushes); before 2.6.25 a partition had only 4
/// (reads, sectors read, writes, sectors written). Never throws: a malformed line is left out.
/// </summary>
internal static class DiskStatsParser
{
    private const int OldPartitionFields = 7;
    private const int MinimumFields = 14;

    public static IReadOnlyList<DiskStats> Parse(ReadOnlySpan<char> text)
    {
        var disks = new List<DiskStats>();
        Span<Range> fields = stackalloc Range[MinimumFields];
        foreach (var line in text.EnumerateLines())
        {
            var count = 0;
            foreach (var range in line.SplitAny(' ', '\t'))
            {
                if (line[range].IsEmpty)
                    continue;
                if (count < fields.Length)
                    fields[count] = range;
                count++;
            }
            // Counters sit at different places in the two layouts; every other count is not diskstats.
            var (read, written) = count switch
            {
                OldPartitionFields => (4, 6),
                >= MinimumFields => (5, 9),
                _ => (-1, -1),
            };
            if (read < 0
                || !uint.TryParse(line[fields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                || !uint.TryParse(line[fields[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
                || !ulong.TryParse(line[fields[read]], NumberStyles.None, CultureInfo.InvariantCulture, out var sectorsRead)
                || !ulong.TryParse(line[fields[written]], NumberStyles.None, CultureInfo.InvariantCulture, out var sectorsWritten))
            {
                continue;
            }
            disks.Add(new DiskStats(major, minor, line[fields[2]].ToString(), sectorsRead, sectorsWritten));
        }
        return disks;
    }
}
