using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hbd.Common;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hbd.Server.Api;

/// <summary>
/// GET /api/hosts's parameters: which hosts (state, level, class, q), how many (limit) and from where (cursor).
/// States and levels are bit masks, so that testing 200,000 hosts against them costs nothing.
/// </summary>
public sealed record HostListQuery(int Limit, string? After, int StateMask, int LevelMask, string? Text)
{
    /// <summary>The class names asked for (not case-sensitive); null for every host, classed or not.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private const int All = -1;

    public static bool TryParse(IQueryCollection query, [NotNullWhen(true)] out HostListQuery? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var limit = DefaultLimit;
        var limitText = query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            error = $"limit: expected a whole number from 1 to {MaxLimit}";
            return false;
        }
        string? after = null;
        var cursor = query["cursor"].ToString();
        if (cursor.Length > 0 && !HostCursor.TryDecode(cursor, out after))
        {
            error = "cursor: not a cursor from a previous page's 'next'";
            return false;
        }
        if (!TryMask(query["state"], Enum.GetValues<HostState>(), HostStates.Name, out var states, out var wrong))
        {
            error = "state: " + wrong;
            return false;
        }
        if (!TryMask(query["level"], Enum.GetValues<AlertLevel>(), AlertLevels.Name, out var levels, out wrong))
        {
            error = "level: " + wrong;
            return false;
        }
        var text = query["q"].ToString();
        var classes = query["class"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        error = null;
        parsed = new HostListQuery(limit, after, states, levels, text.Length > 0 ? text : null) { Classes = classes.Count > 0 ? classes : null };
        return true;
    }

    /// <summary>Whether the host passes the filters; the cursor is the page selector's business.</summary>
    public bool Matches(HostRecord record)
    {
        lock (record.Sync)
            return MatchesCommit(record);
    }

    private bool MatchesCommit(HostRecord record)
    {
        var level = Math.Min(record.Level, (byte)AlertLevel.Unknown);
        if ((StateMask & (1 << (int)record.State)) == 0 || (LevelMask & (1 << level)) == 0)
            return false;
        if (Classes is { } classes && !InClass(classes, record.Class))
            return false;
        if (Text is not { } text)
            return true;
        return record.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (record.Address?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
            || (record.Os?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);
    }

    private static bool InClass(IReadOnlyList<string> classes, string? hostClass)
    {
        if (hostClass is null)
            return false;
        foreach (var name in classes)
        {
            if (string.Equals(name, hostClass, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    /// <summary>Repeated and comma-separated names into a mask of their values; absent or empty means all.</summary>
    private static bool TryMask<T>(StringValues values, T[] all, Func<T, string> name, out int mask, [NotNullWhen(false)] out string? error)
        where T : struct, Enum
    {
        mask = 0;
        error = null;
        foreach (var value in values)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var index = Array.FindIndex(all, v => string.Equals(name(v), part, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    error = $"'{part}' is not one of {string.Join(", ", all.Select(name))}";
                    return false;
                }
                mask |= 1 << Convert.ToInt32(all[index], CultureInfo.InvariantCulture);
            }
        }
        if (mask == 0)
            mask = All;
        return true;
    }
}
