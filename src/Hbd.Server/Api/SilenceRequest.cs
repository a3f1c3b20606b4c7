using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hbd.Common.Config;
using Hbd.Common.Protocol;
using Hbd.Server.Config;

namespace Hbd.Server.Api;

/// <summary>POST /api/silences's body, {hosts, until, comment?}, checked field by field.</summary>
public sealed record SilenceRequest(IReadOnlyList<string> Hosts, DateTimeOffset Until, string? Comment)
{
    public const int MaxPatterns = 100;
    public const int MaxCommentLength = 1024;

    /// <summary>The furthest a silence may reach: one that is meant to last for ever is better a removed host.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    private static readonly string[] Fields = ["hosts", "until", "comment"];

    public static bool TryParse(RequestFields fields, DateTimeOffset now, [NotNullWhen(true)] out SilenceRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!fields.TryOnly(Fields, out error)
            || !fields.TryStringList("hosts", out var hosts, out error)
            || !fields.TryString("until", out var untilText, out error)
            || !fields.TryString("comment", out var comment, out error))
            return false;
        if (hosts is null || hosts.Count == 0)
        {
            error = "hosts: required: a list of host name patterns, such as [\"web*\", \"db1\"]";
            return false;
        }
        if (hosts.Count > MaxPatterns)
        {
            error = $"hosts: {hosts.Count} patterns; at most {MaxPatterns} are allowed";
            return false;
        }
        for (var i = 0; i < hosts.Count; i++)
        {
            var wrong = hosts[i].Length > HostNames.MaxLength
                ? $"longer than {HostNames.MaxLength} characters"
                : HostNamePattern.TryCreate(hosts[i], out var why) is null ? why : null;
            if (wrong is not null)
            {
                error = $"hosts[{i}]: {wrong}";
                return false;
            }
        }
        if (!TryUntil(untilText, now, out var until, out error))
            return false;
        if (comment is not null && comment.EnumerateRunes().Count() > MaxCommentLength)
        {
            error = $"comment: at most {MaxCommentLength} characters are allowed";
            return false;
        }
        request = new SilenceRequest(hosts, until, string.IsNullOrWhiteSpace(comment) ? null : comment);
        return true;
    }

    /// <summary>A duration from now ("2h", "90m", "3600") or a time ("2026-12-02T06:00:00Z"), in the future and within reach.</summary>
    private static bool TryUntil(string? text, DateTimeOffset now, out DateTimeOffset until, [NotNullWhen(false)] out string? error)
    {
        until = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "until: required: an RFC 3339 time (2026-12-02T06:00:00Z) or a duration from now (2h, 90m, 1d)";
            return false;
        }
        if (DurationParser.TryParse(text, out var duration))
        {
            if (duration > MaxLength)
            {
                error = $"until: {text} is longer than {MaxLength.TotalDays:0} days";
                return false;
            }
            until = now + duration;
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            until = time.ToUniversalTime();
        }
        else
        {
            error = $"until: '{text}' is neither an RFC 3339 time (2026-12-02T06:00:00Z) nor a duration (2h, 90m, 1d)";
            return false;
        }
        // To the millisecond, as the API shows times and the store keeps them: the same time sent twice is the same silence.
        until = DateTimeOffset.FromUnixTimeMilliseconds(until.ToUnixTimeMilliseconds());
        if (until <= now)
        {
            error = $"until: {text} is not in the future";
            return false;
        }
        if (until - now > MaxLength)
        {
            error = $"until: {text} is more than {MaxLength.TotalDays:0} days ahead";
            return false;
        }
        return true;
    }
}
