namespace Hbd.Common;

/// <summary>
/// Shell-style wildcards over a whole name: <c>*</c> is any run of characters ('/' included, so
/// <c>/snap/*</c> covers <c>/snap/core20/2318</c>), <c>?</c> one character. Used for mounts, interfaces,
/// metric groups (case-sensitive) and host classes (case-insensitive, as host names are).
/// </summary>
public static class Glob
{
    /// <summary>True when the whole of <paramref name="name"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name, bool ignoreCase = false)
    {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], name[n], ignoreCase)))
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
                // Let the last '*' take one more character and try again from there: linear, no backtracking blow-up.
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

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}
