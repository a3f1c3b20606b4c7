using Hbd.Common;

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

    /// <summary>True when the whole of <paramref name="name"/> matches <paramref name="pattern"/> (see <see cref="Glob"/>).</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name) => Glob.IsMatch(pattern, name);
}
