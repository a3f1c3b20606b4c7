using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Hbd.Common.Protocol;

namespace Hbd.Server.Api;

/// <summary>
/// The /api/hosts cursor: the last name of a page, base64url-encoded. A name rather than a position, so that hosts
/// added or forgotten between pages neither repeat nor skip the hosts that were there all along.
/// </summary>
public static class HostCursor
{
    public static string Encode(string lastName) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(lastName));

    /// <summary>The name a cursor stands for; false for anything <see cref="Encode"/> could not have made.</summary>
    public static bool TryDecode(string cursor, [NotNullWhen(true)] out string? lastName)
    {
        lastName = null;
        if (cursor.Length > Base64Url.GetEncodedLength(HostNames.MaxLength) || !Base64Url.IsValid(cursor))
            return false;
        Span<byte> name = stackalloc byte[HostNames.MaxLength];
        if (!Base64Url.TryDecodeFromChars(cursor, name, out var length) || !HostNames.IsValid(name[..length]))
            return false;
        lastName = Encoding.ASCII.GetString(name[..length]);
        return true;
    }
}
