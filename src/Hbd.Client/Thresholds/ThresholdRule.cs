using Hbd.Common.Config;

namespace Hbd.Client.Thresholds;

/// <summary>Which metric a threshold applies to: a group pattern ("disk:*", "disk:/backup") and a metric name.</summary>
internal sealed record ThresholdRule(string GroupPattern, string Metric, Threshold Threshold)
{
    public bool Matches(string group, string metric) => Metric == metric && Glob.IsMatch(GroupPattern, group);
}

/// <summary>Shell-style patterns: `*` any run of characters, `?` one character; case-sensitive like paths.</summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string text) => IsMatch(pattern.AsSpan(), text.AsSpan());

    private static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
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
