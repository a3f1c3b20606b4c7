using System.Globalization;
using Hbd.Common.Config;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>
/// The parameters of <c>GET /api/hosts/{name}/history</c>: <c>metric</c> (GROUP.METRIC, repeatable), <c>since</c> and
/// <c>until</c> (RFC 3339, Unix seconds, or a duration before now such as <c>-24h</c>; default the last hour), <c>step</c>
/// (a duration or seconds; default: what keeps a series within 1,000 points).
/// </summary>
public sealed record HistoryRequest(IReadOnlyList<string> Metrics, DateTimeOffset Since, DateTimeOffset Until, TimeSpan? Step)
{
    public const int MaxMetrics = 32;

    public static bool TryParse(IQueryCollection query, DateTimeOffset now, out HistoryRequest request, out string error)
    {
        request = null!;
        var metrics = query["metric"].Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m!.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        if (metrics.Length == 0)
            return Fail("metric: required, as GROUP.METRIC (cpu.usage, disk:/var.used_pct); it may repeat", out error);
        if (metrics.Length > MaxMetrics)
            return Fail($"metric: at most {MaxMetrics} in one call", out error);
        var until = now;
        if (query.TryGetValue("until", out var untilText) && !TryTime(untilText.ToString(), now, out until))
            return Fail($"until: '{untilText}' is not a time (RFC 3339, Unix seconds, or a duration before now such as -1h)", out error);
        var since = until - TimeSpan.FromHours(1);
        if (query.TryGetValue("since", out var sinceText) && !TryTime(sinceText.ToString(), now, out since))
            return Fail($"since: '{sinceText}' is not a time (RFC 3339, Unix seconds, or a duration before now such as -24h)", out error);
        if (since >= until)
            return Fail($"since ({Format(since)}) must be before until ({Format(until)})", out error);
        TimeSpan? step = null;
        if (query.TryGetValue("step", out var stepText))
        {
            if (!DurationParser.TryParse(stepText.ToString(), out var parsed) || parsed < TimeSpan.FromSeconds(1))
                return Fail($"step: '{stepText}' is not a duration of at least 1s (30s, 5m, 1h)", out error);
            step = parsed;
        }
        request = new HistoryRequest(metrics, since, until, step);
        error = "";
        return true;
    }

    private static bool TryTime(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        text = text.Trim();
        time = default;
        if (text == "now")
        {
            time = now;
            return true;
        }
        if (text.StartsWith('-') && DurationParser.TryParse(text[1..], out var ago))
        {
            time = now - ago;
            return true;
        }
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds > 253_402_300_799)
                return false;
            time = DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(seconds);
            return true;
        }
        return text.Length >= 10 && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
