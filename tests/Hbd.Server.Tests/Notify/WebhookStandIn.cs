using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Tests.Notify;

/// <summary>
/// A receiver of hbd's webhook as hbd documents it: POST of a JSON object with exactly the eleven fields, each of its type,
/// the time RFC 3339 UTC with milliseconds; with a secret, X-Hbd-Signature recomputed over the bytes received (a wrong or
/// missing signature is answered 401, as a receiver should).
/// </summary>
internal sealed partial class WebhookStandIn : StandInServer
{
    public const string Path = "/hooks/hbd";

    private static readonly HashSet<string> Fields =
        ["event", "host", "state", "level", "time", "title", "text", "url", "outbox_id", "journal_id", "repeat"];

    private readonly string? _secret;

    private WebhookStandIn(string? secret) => _secret = secret;

    public Uri Url => new(BaseUri, Path);

    public static async Task<WebhookStandIn> StartAsync(string? secret)
    {
        var server = new WebhookStandIn(secret);
        await server.ListenAsync();
        return server;
    }

    public static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    protected override IEnumerable<string> Check(ReceivedRequest request)
    {
        var problems = new List<string>();
        if (request.Method != "POST")
            problems.Add($"method {request.Method}, not POST");
        if (request.Path != Path)
            problems.Add($"path {request.Path}, not {Path}");
        if (JsonChecks.Object(request, problems) is not { } body)
            return problems;
        JsonChecks.OnlyKnown(body, Fields, problems);
        foreach (var name in new[] { "event", "time", "title", "text" })
            JsonChecks.Kind(body, name, problems, JsonValueKind.String);
        foreach (var name in new[] { "host", "state", "level", "url" })
            JsonChecks.Kind(body, name, problems, JsonValueKind.String, JsonValueKind.Null);
        foreach (var name in new[] { "outbox_id", "journal_id", "repeat" })
            JsonChecks.Kind(body, name, problems, JsonValueKind.Number);
        if (body.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.String && !UtcTime().IsMatch(time.GetString()!))
            problems.Add($"time {time.GetString()} is not RFC 3339 UTC with milliseconds");
        return problems;
    }

    protected override async Task AnswerAsync(HttpContext context, ReceivedRequest request, StandInMode mode)
    {
        if (mode == StandInMode.RateLimited)
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "120";
            await context.Response.WriteAsync("slow down");
        }
        else if (_secret is not null && request.Header("X-Hbd-Signature") != Sign(_secret, request.Body))
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync($"signature mismatch\n(got \"{request.Header("X-Hbd-Signature")}\")\n");
        }
        else if (mode == StandInMode.Reject)
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":"unknown event type"}""");
        }
        else
        {
            context.Response.StatusCode = 204;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex UtcTime();
}
