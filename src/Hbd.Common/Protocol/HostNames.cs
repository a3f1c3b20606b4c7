using System.Buffers;

namespace Hbd.Common.Protocol;

/// <summary>What a host name may be: DNS-like, so it is safe in URLs, file names, logs and the UI.</summary>
public static class HostNames
{
    public const int MaxLength = 253;

    private static readonly SearchValues<byte> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."u8);

    /// <summary>1..253 bytes of letters, digits, '-', '_' and '.', not starting with '.' or '-'.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8) =>
        !utf8.IsEmpty && utf8.Length <= MaxLength && utf8[0] is not ((byte)'.' or (byte)'-') && !utf8.ContainsAnyExcept(Allowed);

    public static bool IsValid(string? name) =>
        name is not null && name.Length <= MaxLength && IsValid(System.Text.Encoding.ASCII.GetBytes(name)) && name.All(char.IsAscii);
}
