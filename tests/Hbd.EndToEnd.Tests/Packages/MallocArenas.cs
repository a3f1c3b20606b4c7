using System.Globalization;

namespace Hbd.EndToEnd.Tests.Packages;

/// <summary>
/// The malloc arenas glibc made in a running process besides its first, counted from /proc/PID/maps: glibc reserves each
/// one as 64 MiB aligned to 64 MiB, of which the used start is read-write and the rest inaccessible, so an arena shows
/// as a read-write anonymous mapping at a 64 MiB boundary followed by an inaccessible one that ends at the next.
/// </summary>
public static class MallocArenas
{
    private const long ArenaSize = 64L << 20;

    public static int Count(string maps)
    {
        var rows = maps.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Mapping.Parse).ToList();
        var arenas = 0;
        for (var i = 0; i + 1 < rows.Count; i++)
        {
            var (used, rest) = (rows[i], rows[i + 1]);
            if (used.Anonymous && used.Permissions == "rw-p" && used.Start % ArenaSize == 0 && rest.Anonymous
                && rest.Permissions == "---p" && rest.Start == used.End && rest.End == used.Start + ArenaSize)
                arenas++;
        }
        return arenas;
    }

    private sealed record Mapping(long Start, long End, string Permissions, bool Anonymous)
    {
        /// <summary>"start-end perms offset dev inode [path]".</summary>
        public static Mapping Parse(string line)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            return new Mapping(long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), fields[1],
                fields[4] == "0" && fields.Length == 5);
        }
    }
}
