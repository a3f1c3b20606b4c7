using Hbd.Common;

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
    public bool IsMatch(string hostName) => Glob.IsMatch(Pattern, hostName, ignoreCase: true);

    /// <inheritdoc/>
    public override string ToString() => Pattern;

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '?';
}
