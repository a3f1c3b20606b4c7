using System.Diagnostics.CodeAnalysis;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Server.Api;

/// <summary>POST /api/journal's body, {host?, text, level?}, checked field by field.</summary>
public sealed record JournalMessageRequest(string? Host, string Text, string? Level)
{
    /// <summary>Longest text, in Unicode characters: a message, not a log file.</summary>
    public const int MaxTextLength = 1024;

    private static readonly string[] Fields = ["host", "text", "level"];
    private static readonly string[] Levels = [.. Enum.GetValues<AlertLevel>().Select(AlertLevels.Name)];

    public static bool TryParse(RequestFields fields, [NotNullWhen(true)] out JournalMessageRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!fields.TryOnly(Fields, out error)
            || !fields.TryString("host", out var host, out error)
            || !fields.TryString("text", out var text, out error)
            || !fields.TryString("level", out var level, out error))
            return false;
        if (host is not null && !HostNames.IsValid(host))
        {
            error = "host: not a valid host name (1-253 letters, digits, '-', '_' and '.', not starting with '.' or '-')";
            return false;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "text: required, and not blank";
            return false;
        }
        var length = text.EnumerateRunes().Count();
        if (length > MaxTextLength)
        {
            error = $"text: {length} characters; at most {MaxTextLength} are allowed";
            return false;
        }
        if (level is not null)
        {
            var known = Array.Find(Levels, l => string.Equals(l, level, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                error = $"level: '{level}' is not one of {string.Join(", ", Levels)}";
                return false;
            }
            level = known;
        }
        request = new JournalMessageRequest(host, text, level);
        return true;
    }
}
