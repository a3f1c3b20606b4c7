namespace Hbd.Server.Config;

/// <summary>
/// A host name glob from a class's <c>match</c> list: <c>*</c> is any run of characters, <c>?</c> one character,
/// and letters compare case-insensitively, as host names do.
/// </summary>
public sealed class HostNamePattern
{
    private HostNamePattern(string pattern) => Pattern = pattern;

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>A pattern of host name characters and wildcards, or null with <paramref name="error"/> saying why not.</summary>
    public static HostNamePattern? TryCreate(string pattern, out string? error)
    {
        error = null;
        if (pattern.Length == 0)
        {
            error = "empty host name pattern";
            return null;
        }
        if (!pattern.All(IsAllowed))
        {
            error = $"'{pattern}' is not a host name pattern (letters, digits, '-', '_' and '.', with * and ? as wildcards)";
            return null;
        }
        return new HostNamePattern(pattern);
    }

    /// <summary>The first class, in configuration order, with a pattern that matches <paramref name="hostName"/>; null if none.</summary>
    public static HostClass? FirstMatch(IReadOnlyList<HostClass> classes, string hostName)
    {
        foreach (var hostClass in classes)
        {
            if (hostClass.Matches(hostName))
                return hostClass;
        }
        return null;
    }

    /// <summary>True when the whole of <paramref name="hostName"/> matches this pattern.</summary>
    public bool IsMatch(string hostName)
    {
        var pattern = Pattern.AsSpan();
        var name = hostName.AsSpan();
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || SameLetter(pattern[p], name[n])))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                // Let the last '*' swallow one more character and retry from there.
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    /// <inheritdoc/>
    public override string ToString() => Pattern;

    private static bool SameLetter(char a, char b) => a == b || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '?';
}
