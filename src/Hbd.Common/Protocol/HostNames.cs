namespace Hbd.Common.Protocol;

/// <summary>What a host name may be: DNS-like, so it is safe in URLs, file names, logs and the UI.</summary>
public static class HostNames
{
    public const int MaxLength = 253;

    /// <summary>1..253 bytes of letters, digits, '-', '_' and '.', not starting with '.' or '-'.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > MaxLength || utf8[0] is (byte)'.' or (byte)'-')
            return false;
        foreach (var b in utf8)
        {
            if (!(b is >= (byte)'a' and <= (byte)'z' || b is >= (byte)'A' and <= (byte)'Z' || b is >= (byte)'0' and <= (byte)'9'
                  || b is (byte)'-' or (byte)'_' or (byte)'.'))
                return false;
        }
        return true;
    }

    public static bool IsValid(string? name) =>
        name is not null && name.Length <= MaxLength && IsValid(System.Text.Encoding.ASCII.GetBytes(name)) && name.All(char.IsAscii);
}
