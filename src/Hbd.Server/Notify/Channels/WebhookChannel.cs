using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// A JSON POST of the notification to a URL of the user's. With a secret, <c>X-Hbd-Signature: sha256=…</c> carries the
/// HMAC-SHA256 of the exact body bytes, so the receiver can tell hbd's posts from anyone's who learnt the URL.
/// </summary>
public sealed class WebhookChannel : INotificationChannel
{
    public const string SignatureHeader = "X-Hbd-Signature";

    private readonly WebhookSettings _settings;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly byte[]? _key;

    public WebhookChannel(WebhookSettings settings, HttpClient http, TimeProvider? time = null, TimeSpan? timeout = null)
    {
        _settings = settings;
        _http = http;
        _time = time ?? TimeProvider.System;
        _timeout = timeout ?? ChannelHttp.DefaultTimeout;
        _key = string.IsNullOrEmpty(settings.Secret) ? null : Encoding.UTF8.GetBytes(settings.Secret);
    }

    public string Name => "webhook";

    public Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.From(notification), ChannelJson.Default.WebhookPayload);
        var signature = _key is null ? null : Signature(_key, body);
        return ChannelHttp.SendAsync(_http, () => Request(body, signature), _timeout, _time,
            answer => ChannelHttp.Classify(answer, null, _time.GetUtcNow()), cancellationToken);
    }

    /// <summary>"sha256=" and the lowercase hex HMAC-SHA256 of <paramref name="body"/>, as GitHub's webhooks sign (receivers know the form).</summary>
    public static string Signature(byte[] key, ReadOnlySpan<byte> body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    private HttpRequestMessage Request(byte[] body, string? signature)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url) { Content = content };
        if (signature is not null)
            request.Headers.TryAddWithoutValidation(SignatureHeader, signature);
        return request;
    }
}
