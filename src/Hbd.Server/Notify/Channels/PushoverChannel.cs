using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// Pushover's message API: a form POST to <c>/1/messages.json</c>. The level sets the priority (never 2, which would need an
/// acknowledgement hbd cannot take); texts are cut to Pushover's limits rather than refused; the app's monthly limit is read
/// from every answer, so a 429 waits until it resets and a used-up limit shows in the detail before it bites.
/// </summary>
public sealed class PushoverChannel : INotificationChannel
{
    public const int TitleLimit = 250;
    public const int MessageLimit = 1024;
    public const int UrlLimit = 512;
    public const int UrlTitleLimit = 100;

    private const long MaxUnixSeconds = 253_402_300_799;

    private readonly PushoverSettings _settings;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly Uri _endpoint;

    public PushoverChannel(PushoverSettings settings, HttpClient http, TimeProvider? time = null, TimeSpan? timeout = null)
    {
        _settings = settings;
        _http = http;
        _time = time ?? TimeProvider.System;
        _timeout = timeout ?? ChannelHttp.DefaultTimeout;
        _endpoint = new Uri(settings.Server, "/1/messages.json");
    }

    public string Name => "pushover";

    public Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken) =>
        ChannelHttp.SendAsync(_http, () => new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new FormUrlEncodedContent(Fields(notification)) },
            _timeout, _time, Judge, cancellationToken);

    /// <summary>-1 (quiet) for good news, 1 (high, past quiet hours) for critical, 0 otherwise.</summary>
    public static int Priority(Notification notification) => notification.Level switch
    {
        "critical" => 1,
        "ok" => -1,
        null when notification.Event == "host_up" => -1,
        _ => 0,
    };

    /// <summary>The form's fields; a link longer than Pushover takes is left out, as a cut link leads nowhere.</summary>
    internal List<KeyValuePair<string, string>> Fields(Notification notification)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("token", _settings.Token),
            new("user", _settings.User),
            new("title", ChannelText.Shorten(notification.Title, TitleLimit)),
            new("message", ChannelText.Shorten(notification.Text.Length == 0 ? notification.Title : notification.Text, MessageLimit)),
            new("priority", Priority(notification).ToString(CultureInfo.InvariantCulture)),
            new("timestamp", notification.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        if (notification.Url is { Length: > 0 and <= UrlLimit } url)
        {
            fields.Add(new("url", url));
            fields.Add(new("url_title", ChannelText.Shorten(notification.Host ?? "hbd", UrlTitleLimit)));
        }
        return fields;
    }

    private SendOutcome Judge(HttpAnswer answer)
    {
        var now = _time.GetUtcNow();
        var (status, said) = Read(answer.Body);
        var limit = LimitNote(answer);
        SendOutcome outcome;
        if (answer.Status == HttpStatusCode.OK && status == 1)
            outcome = SendOutcome.Sent(ChannelHttp.Detail(answer, said));
        else if (answer.Status == HttpStatusCode.OK)
            outcome = SendOutcome.Transient(ChannelHttp.Detail(answer, said ?? "no \"status\":1 in the answer"));
        else if (answer.Status == HttpStatusCode.TooManyRequests)
            outcome = SendOutcome.Transient(ChannelHttp.Detail(answer, said), Reset(answer, now) ?? ChannelHttp.RetryAfter(answer, now));
        else
            outcome = ChannelHttp.Classify(answer, said, now);
        return limit is null ? outcome : outcome with { Detail = $"{outcome.Detail} ({limit})" };
    }

    /// <summary>Pushover's <c>status</c> and what it said: the <c>errors</c> joined, and the request id that its support asks for.</summary>
    private static (int? Status, string? Said) Read(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                return (null, null);
            var root = json.RootElement;
            int? status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n) ? n : null;
            var parts = new List<string>();
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                parts.AddRange(errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()));
            if (root.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.String)
                parts.Add($"request {request.GetString()}");
            return (status, parts.Count == 0 ? null : string.Join("; ", parts));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>How long until the app's monthly limit resets, as a wait from now.</summary>
    private static TimeSpan? Reset(HttpAnswer answer, DateTimeOffset now) =>
        ResetAt(answer) is { } at ? (at > now ? at - now : TimeSpan.Zero) : null;

    /// <summary>When the app's monthly limit resets: <c>X-Limit-App-Reset</c>, a Unix time.</summary>
    private static DateTimeOffset? ResetAt(HttpAnswer answer) =>
        Header(answer, "X-Limit-App-Reset") is { } reset && reset is >= 0 and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(reset) : null;

    private static string? LimitNote(HttpAnswer answer)
    {
        if (Header(answer, "X-Limit-App-Remaining") != 0)
            return null;
        var until = ResetAt(answer) is { } at ? " until " + at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "";
        return $"the app's monthly message limit is used up{until}";
    }

    private static long? Header(HttpAnswer answer, string name) =>
        answer.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
