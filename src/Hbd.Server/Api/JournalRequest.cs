using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hbd.Common;
using Hbd.Server.Journal;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>The query string of GET /api/journal, checked: a <see cref="JournalQuery"/> or an error naming the parameter.</summary>
public static class JournalRequest
{
    /// <summary>More than there are kinds: a longer list is a mistake, and each is a parameter of the store's query.</summary>
    public const int MaxKinds = 32;

    private static readonly string[] Levels = [.. Enum.GetValues<AlertLevel>().Select(AlertLevels.Name)];

    public static bool TryParse(IQueryCollection q, [NotNullWhen(true)] out JournalQuery? query, [NotNullWhen(false)] out string? error)
    {
        query = null;
        if (!TryTime(q, "since", out var since, out error) || !TryTime(q, "until", out var until, out error))
            return false;
        if (since is not null && until is not null && until <= since)
        {
            error = "until: must be later than since";
            return false;
        }
        if (!TryInt(q["limit"], 100, 1, JournalQuery.MaxLimit, out var limit))
        {
            error = $"limit: expected a whole number from 1 to {JournalQuery.MaxLimit}";
            return false;
        }
        long? before = null;
        if (!string.IsNullOrEmpty(q["before"]))
        {
            if (!long.TryParse(q["before"], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = "before: expected a journal entry id";
                return false;
            }
            before = id;
        }
        string? level = null;
        if (!string.IsNullOrEmpty(q["level"]))
        {
            level = Array.Find(Levels, l => string.Equals(l, q["level"], StringComparison.OrdinalIgnoreCase));
            if (level is null)
            {
                error = $"level: '{q["level"]}' is not one of {string.Join(", ", Levels)}";
                return false;
            }
        }
        // Repeated or comma-separated, as the host list takes its states; an empty list means every kind.
        var kinds = q["kind"].SelectMany(k => (k ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        if (kinds.Count > MaxKinds)
        {
            error = $"kind: at most {MaxKinds} kinds";
            return false;
        }
        var host = q["host"].ToString();
        query = new JournalQuery(host.Length > 0 ? host : null, kinds.Count > 0 ? kinds : null, since, before, limit, level, until);
        return true;
    }

    private static bool TryTime(IQueryCollection q, string name, out DateTimeOffset? time, [NotNullWhen(false)] out string? error)
    {
        time = null;
        error = null;
        var text = q[name].ToString();
        if (text.Length == 0)
            return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            error = $"{name}: '{text}' is not an ISO 8601 time";
            return false;
        }
        time = parsed;
        return true;
    }

    private static bool TryInt(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
            return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
