using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Hbd.Client.Linux;

/// <summary>
/// One line of /proc/self/mountinfo: the filesystem's device number, the directory of it that is mounted
/// (<see cref="Root"/>, not "/" for bind mounts and btrfs subvolumes), where, how, and the filesystem type and source.
/// Paths are unescaped.
/// </summary>
internal sealed record MountInfo(
    int MountId,
    int ParentId,
    uint Major,
    uint Minor,
    string Root,
    string MountPoint,
    string Options,
    string FsType,
    string Source,
    string SuperOptions);

/// <summary>
/// Parses /proc/self/mountinfo (proc(5)):
/// <c>36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue</c>.
/// Any number of optional fields precede the "-"; the kernel writes space, tab, newline and backslash in paths as
/// <c>\040 \011 \012 \134</c>. Never throws: a malformed line is left out.
/// </summary>
internal static class MountInfoParser
{
    private const int FixedFields = 6;

    public static IReadOnlyList<MountInfo> Parse(ReadOnlySpan<char> text)
    {
        var mounts = new List<MountInfo>();
        foreach (var line in text.EnumerateLines())
        {
            if (TryParseLine(line, out var mount))
                mounts.Add(mount);
        }
        return mounts;
    }

    public static bool TryParseLine(ReadOnlySpan<char> line, [NotNullWhen(true)] out MountInfo? mount)
    {
        mount = null;
        Span<Range> fixedFields = stackalloc Range[FixedFields];
        Span<Range> tail = stackalloc Range[3];
        int count = 0, tailCount = 0;
        var separated = false;
        // Exactly one space between fields: an empty source ("mount -t tmpfs '' /x") is an empty field, not a gap.
        foreach (var range in line.Split(' '))
        {
            if (count < FixedFields)
                fixedFields[count++] = range;
            else if (!separated)
                separated = line[range] is "-";
            else if (tailCount < tail.Length)
                tail[tailCount++] = range;
        }
        if (!separated || tailCount < 2)
            return false;

        var mountPoint = line[fixedFields[4]];
        if (!int.TryParse(line[fixedFields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !int.TryParse(line[fixedFields[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !TryParseDevice(line[fixedFields[2]], out var major, out var minor)
            || mountPoint.IsEmpty || mountPoint[0] != '/'
            || line[tail[0]].IsEmpty)
        {
            return false;
        }
        mount = new MountInfo(
            id,
            parent,
            major,
            minor,
            Unescape(line[fixedFields[3]]),
            Unescape(mountPoint),
            line[fixedFields[5]].ToString(),
            Unescape(line[tail[0]]),
            Unescape(line[tail[1]]),
            tailCount > 2 ? line[tail[2]].ToString() : "");
        return true;
    }

    /// <summary>Undoes the kernel's <c>\ooo</c> octal escapes; a backslash not followed by three octal digits stays.</summary>
    public static string Unescape(ReadOnlySpan<char> field)
    {
        if (!field.Contains('\\'))
            return field.ToString();
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctalEscape(field[(i + 1)..]))
            {
                text.Append((char)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    // Three octal digits of at most \377: a byte.
    private static bool IsOctalEscape(ReadOnlySpan<char> digits) =>
        digits.Length >= 3 && digits[0] is >= '0' and <= '3' && digits[1] is >= '0' and <= '7' && digits[2] is >= '0' and <= '7';

    private static bool TryParseDevice(ReadOnlySpan<char> field, out uint major, out uint minor)
    {
        major = minor = 0;
        var colon = field.IndexOf(':');
        return colon > 0
            && uint.TryParse(field[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && uint.TryParse(field[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out minor);
    }
}
