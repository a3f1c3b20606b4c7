namespace Hbd.Server.Dns;

/// <summary>
/// What a DNS name in the configuration may be: labels of letters, digits, '-' and '_' (as BIND accepts in update names),
/// each 1..63 long and not starting or ending with '-', 253 characters at most. Checked at start so a name BIND would refuse
/// is a FILE:LINE error, not a dns_failed at the first beat.
/// </summary>
internal static class DnsNames
{
    /// <summary>The name lower-cased and without a trailing dot, or null when it is not a valid name.</summary>
    public static string? Normalize(string text)
    {
        var name = text.Trim().TrimEnd('.').ToLowerInvariant();
        if (name.Length is 0 or > 253)
            return null;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return null;
            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                    return null;
            }
        }
        return name;
    }

    /// <summary>True when <paramref name="name"/> is <paramref name="zone"/> or a name under it (both normalized).</summary>
    public static bool IsInZone(string name, string zone) =>
        name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);
}
