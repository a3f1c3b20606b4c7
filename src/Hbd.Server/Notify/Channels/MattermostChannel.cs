using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// Mattermost, through an incoming webhook (the URL alone: the simplest to set up) or through API v4 as a bot (a token and a
/// channel id: works where webhooks are turned off). Both post the same markdown: the title in bold, the body, the link.
/// </summary>
public sealed class MattermostChannel : INotificationChannel
{
    /// <summary>Well under Mattermost's post limit (16383 characters): a notification that long is a runaway message.</summary>
    public const int MessageLimit = 4000;

    private readonly MattermostSettings _settings;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly Uri _endpoint;

    public MattermostChannel(MattermostSettings settings, HttpClient http, TimeProvider? time = null, TimeSpan? timeout = null)
    {
        _settings = settings;
        _http = http;
        _time = time ?? TimeProvider.System;
        _timeout = timeout ?? ChannelHttp.DefaultTimeout;
        _endpoint = settings.UsesApi ? new Uri(settings.Url, "/api/v4/posts") : settings.Url;
    }

    public string Name => "mattermost";

    public Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken) =>
        ChannelHttp.SendAsync(_http, () => Request(Markdown(notification)), _timeout, _time,
            answer => ChannelHttp.Classify(answer, Said(answer.Body), _time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// The post: "**title**", the body, the link, each a paragraph. Markdown in the texts is escaped (they carry host names
    /// and hosts' messages, which must show as written, not format the post).
    /// </summary>
    public static string Markdown(Notification notification)
    {
        var text = new StringBuilder();
        text.Append("**").Append(Escape(notification.Title)).Append("**");
        if (notification.Text.Length > 0)
            text.Append("\n\n").Append(Escape(notification.Text));
        if (!string.IsNullOrEmpty(notification.Url))
            text.Append("\n\n").Append(notification.Url);
        return ChannelText.Shorten(text.ToString(), MessageLimit);
    }

    /// <summary>
    /// A backslash before each character that markdown could take for emphasis, code, a link, a heading, a quote or a table
    /// (the set both CommonMark and Mattermost's renderer unescape).
    /// </summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '~' or '[' or ']' or '#' or '>' or '|')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    private HttpRequestMessage Request(string markdown)
    {
        if (!_settings.UsesApi)
            return new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = JsonContent.Create(new MattermostHookPost(markdown, "hbd"), ChannelJson.Default.MattermostHookPost),
            };
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = JsonContent.Create(new MattermostApiPost(_settings.Channel ?? "", markdown), ChannelJson.Default.MattermostApiPost),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
        return request;
    }

    /// <summary>An API error's <c>message</c> (Mattermost answers errors as JSON with <c>id</c>, <c>message</c>, <c>status_code</c>).</summary>
    private static string? Said(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && json.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    ? $"{message.GetString()} ({id.GetString()})"
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
