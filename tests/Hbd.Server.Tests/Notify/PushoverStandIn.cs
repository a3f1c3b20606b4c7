using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Tests.Notify;

/// <summary>
/// Pushover's POST /1/messages.json as its API documentation describes it: a form (application/x-www-form-urlencoded) with
/// token, user and message required, the documented optional fields only, each within its limit; answers JSON with
/// <c>status</c> 1, or 0 with <c>errors</c>, and the app's limit in X-Limit-App-* headers.
/// </summary>
internal sealed class PushoverStandIn : StandInServer
{
    public const string Token = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    public const string User = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";

    private static readonly HashSet<string> Documented =
    [
        "token", "user", "message", "attachment", "attachment_base64", "attachment_type", "device", "html", "monospace",
        "priority", "sound", "timestamp", "title", "ttl", "url", "url_title", "retry", "expire", "callback", "tags",
    ];

    public long Remaining { get; set; } = 9_000;

    public DateTimeOffset ResetAt { get; set; } = new(2026, 2, 1, 5, 0, 0, TimeSpan.Zero);

    public static async Task<PushoverStandIn> StartAsync()
    {
        var server = new PushoverStandIn();
        await server.ListenAsync();
        return server;
    }

    /// <summary>The form fields of a request, decoded.</summary>
    public static Dictionary<string, string> Form(ReceivedRequest request) =>
        Pairs(request.Body).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    protected override IEnumerable<string> Check(ReceivedRequest request)
    {
        if (request.Method != "POST")
            yield return $"method {request.Method}, not POST";
        if (request.Path != "/1/messages.json")
            yield return $"path {request.Path}, not /1/messages.json";
        if (!(request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
            yield return $"content type {request.ContentType}, not a form";
        if (request.Body.Any(b => b > 0x7E || b < 0x20))
            yield return "bytes outside printable ASCII: a form's values are percent-encoded";
        var pairs = Pairs(request.Body);
        foreach (var twice in pairs.GroupBy(p => p.Key).Where(g => g.Count() > 1))
            yield return $"{twice.Key} given {twice.Count()} times";
        var form = Form(request);
        foreach (var unknown in form.Keys.Where(k => !Documented.Contains(k)))
            yield return $"{unknown} is not a parameter of the API";
        foreach (var required in new[] { "token", "user", "message" })
        {
            if (string.IsNullOrEmpty(form.GetValueOrDefault(required)))
                yield return $"{required} is missing";
        }
        foreach (var (field, limit) in new[] { ("title", 250), ("message", 1024), ("url", 512), ("url_title", 100) })
        {
            if (form.TryGetValue(field, out var value) && value.Length > limit)
                yield return $"{field} is {value.Length} characters, over {limit}";
        }
        if (form.TryGetValue("priority", out var priority)
            && !(int.TryParse(priority, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) && p is >= -2 and <= 1))
            yield return $"priority {priority}: -2 to 1 (2 needs retry and expire)";
        if (form.TryGetValue("timestamp", out var timestamp) && !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            yield return $"timestamp {timestamp} is not a Unix time";
        if (form.ContainsKey("url_title") && !form.ContainsKey("url"))
            yield return "url_title without url";
    }

    protected override async Task AnswerAsync(HttpContext context, ReceivedRequest request, StandInMode mode)
    {
        var form = Form(request);
        context.Response.Headers["X-Limit-App-Limit"] = "10000";
        context.Response.Headers["X-Limit-App-Remaining"] = Remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Limit-App-Reset"] = ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json; charset=utf-8";
        const string id = "5042853c-402d-4a18-abcb-168734a801de";
        if (mode == StandInMode.RateLimited)
        {
            context.Response.StatusCode = 429;
            await context.Response.WriteAsync($$"""{"errors":["application has exceeded its message limit"],"status":0,"request":"{{id}}"}""");
        }
        else if (form["token"] != Token)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($$"""{"token":"invalid","errors":["application token is invalid"],"status":0,"request":"{{id}}"}""");
        }
        else if (form["user"] != User || mode == StandInMode.Reject)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($$"""{"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key"],"status":0,"request":"{{id}}"}""");
        }
        else
        {
            await context.Response.WriteAsync($$"""{"status":1,"request":"{{id}}"}""");
        }
    }

    private static List<KeyValuePair<string, string>> Pairs(byte[] body) =>
        [.. Encoding.ASCII.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var key = at < 0 ? pair : pair[..at];
            var value = at < 0 ? "" : pair[(at + 1)..];
            return new KeyValuePair<string, string>(Decode(key), Decode(value));
        })];

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
