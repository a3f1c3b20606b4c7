using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Tests.Notify;

/// <summary>
/// Mattermost as its documentation describes it: an incoming webhook at /hooks/KEY (a JSON object with <c>text</c> and the
/// documented optional fields; 200 "ok") and API v4's POST /api/v4/posts (a bearer token, a JSON object with
/// <c>channel_id</c> and <c>message</c>; 201 with the post). Errors are Mattermost's JSON (id, message, status_code); a 429
/// carries Retry-After and the X-Ratelimit-* headers, as its rate limiter sends.
/// </summary>
internal sealed partial class MattermostStandIn : StandInServer
{
    public const string HookKey = "xk5i1fo7qjbbzdkgmzr6hkgw5y";
    public const string Token = "9p4icph9kbrp7yccbx1o6o4ykr";
    public const string ChannelId = "4xp9fdt77pncbef59f4k1qe83o";

    private static readonly HashSet<string> HookFields = ["text", "username", "icon_url", "icon_emoji", "channel", "attachments", "props", "type", "priority"];
    private static readonly HashSet<string> PostFields = ["channel_id", "message", "root_id", "file_ids", "props", "metadata"];

    public Uri HookUri => new(BaseUri, "/hooks/" + HookKey);

    public static async Task<MattermostStandIn> StartAsync()
    {
        var server = new MattermostStandIn();
        await server.ListenAsync();
        return server;
    }

    public static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();

    protected override IEnumerable<string> Check(ReceivedRequest request)
    {
        var problems = new List<string>();
        if (request.Method != "POST")
            problems.Add($"method {request.Method}, not POST");
        if (request.Path.StartsWith("/hooks/", StringComparison.Ordinal))
        {
            if (request.Headers.ContainsKey("Authorization"))
                problems.Add("a webhook takes no Authorization header: its key is the secret");
            if (JsonChecks.Object(request, problems) is { } hook)
            {
                JsonChecks.OnlyKnown(hook, HookFields, problems);
                JsonChecks.NonEmptyString(hook, "text", problems);
                if (hook.TryGetProperty("username", out _))
                    JsonChecks.NonEmptyString(hook, "username", problems);
                if (hook.TryGetProperty("icon_url", out _))
                    JsonChecks.NonEmptyString(hook, "icon_url", problems);
            }
        }
        else if (request.Path == "/api/v4/posts")
        {
            if (!request.Header("Authorization").StartsWith("Bearer ", StringComparison.Ordinal))
                problems.Add($"Authorization \"{request.Header("Authorization")}\", not a bearer token");
            if (JsonChecks.Object(request, problems) is { } post)
            {
                JsonChecks.OnlyKnown(post, PostFields, problems);
                JsonChecks.NonEmptyString(post, "message", problems);
                JsonChecks.Kind(post, "channel_id", problems, JsonValueKind.String);
                if (post.TryGetProperty("channel_id", out var id) && id.ValueKind == JsonValueKind.String && !MattermostId().IsMatch(id.GetString()!))
                    problems.Add($"channel_id {id.GetString()} is not a Mattermost id (26 lowercase letters and digits)");
            }
        }
        else
        {
            problems.Add($"path {request.Path} is neither /hooks/KEY nor /api/v4/posts");
        }
        return problems;
    }

    protected override async Task AnswerAsync(HttpContext context, ReceivedRequest request, StandInMode mode)
    {
        var api = request.Path == "/api/v4/posts";
        if (mode == StandInMode.RateLimited)
        {
            context.Response.Headers["X-Ratelimit-Limit"] = "10";
            context.Response.Headers["X-Ratelimit-Remaining"] = "0";
            context.Response.Headers["X-Ratelimit-Reset"] = "7";
            context.Response.Headers.RetryAfter = "7";
            context.Response.StatusCode = 429;
            await context.Response.WriteAsync("limit exceeded\n");
        }
        else if (!api && request.Path != "/hooks/" + HookKey)
        {
            await ErrorAsync(context, 400, "web.incoming_webhook.invalid.app_error", "Invalid webhook.");
        }
        else if (api && request.Header("Authorization") != "Bearer " + Token)
        {
            await ErrorAsync(context, 401, "api.context.session_expired.app_error", "Invalid or expired session, please login again.");
        }
        else if (mode == StandInMode.Reject || (api && Json(request).GetProperty("channel_id").GetString() != ChannelId))
        {
            await ErrorAsync(context, 403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
        }
        else if (api)
        {
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"id":"ojwp96d6mfyxjp5mc3mztmmhzc","channel_id":"{{ChannelId}}","message":"…","create_at":1768427000000}""");
        }
        else
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok");
        }
    }

    private static async Task ErrorAsync(HttpContext context, int status, string id, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"id":"{{id}}","message":"{{message}}","detailed_error":"","request_id":"7ruh7a6zwtnqfx5m6pkyctsx3c","status_code":{{status}}}""");
    }

    [GeneratedRegex("^[a-z0-9]{26}$")]
    private static partial Regex MattermostId();
}
