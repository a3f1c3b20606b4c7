namespace Hbd.Client.Plugins;

/// <summary>
/// Which names (mount points, interfaces) a plugin reports: those that match an include pattern, or all when there is
/// none, and no exclude pattern. Patterns are shell-style and case-sensitive: <c>*</c> is any run of characters,
/// '/' included (so <c>/snap/*</c> covers <c>/snap/core20/2318</c>), <c>?</c> one character.
/// </summary>
internal sealed class NameFilter
{
    public NameFilter(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        Include = include;
        Exclude = exclude;
    }

    /// <summary>Everything.</summary>
    public static NameFilter All { get; } = new([], []);

    public IReadOnlyList<string> Include { get; }

    public IReadOnlyList<string> Exclude { get; }

    public bool IsReported(string name) =>
        (Include.Count == 0 || MatchesAny(Include, name)) && !MatchesAny(Exclude, name);

    public static bool MatchesAny(IReadOnlyList<string> patterns, string name)
    {
        foreach (var pattern in patterns)
        {
            if (Matches(pattern, name))
                return true;
        }
        return false;
    }

    /// <summary>True when the whole of <paramref name="name"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
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
                // Let the last '*' take one more character and try again from there.
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
}
