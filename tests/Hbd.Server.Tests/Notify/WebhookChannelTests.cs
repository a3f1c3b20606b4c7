using System.Text;
using Hbd.Server.Notify;
using Hbd.Server.Notify.Channels;

namespace Hbd.Server.Tests.Notify;

public sealed class WebhookChannelTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "s3cret ünïcode";
    private readonly HttpClient _http = new();
    private WebhookStandIn _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookStandIn.StartAsync(Secret);

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private WebhookChannel Channel(string? secret = Secret, Uri? url = null, TimeSpan? timeout = null) =>
        new(new WebhookSettings(url ?? _receiver.Url, secret), _http, timeout: timeout);

    [Fact]
    public async Task The_post_is_the_notification_as_snake_case_json_signed_over_its_bytes()
    {
        var outcome = await Channel().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Equal("HTTP 204 No Content", outcome.Detail);
        Assert.Empty(_receiver.Problems);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(WebhookStandIn.Sign(Secret, request.Body), request.Header("X-Hbd-Signature"));
        Assert.Equal(
            """{"event":"host_down","host":"web1","state":"down","level":"critical","time":"2026-01-14T21:43:17.226Z","title":"web1 is down","text":"No heartbeat since 21:41:17 (2 min).\nLast message: disk /var 97 % full","url":"https://hbd.example.org/hosts/web1","outbox_id":42,"journal_id":1234,"repeat":1}""",
            Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task Fields_without_a_value_are_null_and_an_unsigned_hook_has_no_signature()
    {
        await using var open = await WebhookStandIn.StartAsync(secret: null);
        var test = new Notification { Event = "test", Time = Notes.Time.ToOffset(TimeSpan.FromHours(2)), Title = "hbd test", Text = "" };

        var outcome = await new WebhookChannel(new WebhookSettings(open.Url, null), _http).SendAsync(test, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Empty(open.Problems);
        var request = Assert.Single(open.Requests);
        Assert.False(request.Headers.ContainsKey("X-Hbd-Signature"));
        var body = WebhookStandIn.Json(request);
        foreach (var name in new[] { "host", "state", "level", "url" })
            Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty(name).ValueKind);
        Assert.Equal("2026-01-14T21:43:17.226Z", body.GetProperty("time").GetString());
        Assert.Equal(0, body.GetProperty("outbox_id").GetInt64());
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_receiver_and_permanent()
    {
        var outcome = await Channel(secret: "another").SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.StartsWith("HTTP 401 Unauthorized: signature mismatch (got \"sha256=", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_is_permanent_with_the_receivers_answer()
    {
        _receiver.Mode = StandInMode.Reject;

        var outcome = await Channel().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.Equal("HTTP 400 Bad Request: {\"error\":\"unknown event type\"}", outcome.Detail);
    }

    [Fact]
    public async Task A_429_is_transient_after_retry_after()
    {
        _receiver.Mode = StandInMode.RateLimited;

        var outcome = await Channel().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), outcome.RetryAfter);
    }

    [Fact]
    public async Task A_500_is_transient()
    {
        _receiver.Mode = StandInMode.ServerError;

        var outcome = await Channel().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("HTTP 500", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var outcome = await Channel(url: new Uri($"http://127.0.0.1:{FreeTcpPorts.Take(1)[0]}/hook")).SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("connection failed: ConnectionRefused", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_http_cannot_reach_is_permanent()
    {
        var outcome = await Channel(url: new Uri("ftp://127.0.0.1/hook")).SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.StartsWith("cannot send there: ", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_transient()
    {
        _receiver.Mode = StandInMode.Hang;

        var outcome = await Channel(timeout: TimeSpan.FromMilliseconds(300)).SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.Equal("no answer within 0.3 s", outcome.Detail);
    }

    [Fact]
    public async Task The_stand_in_refuses_a_payload_that_breaks_the_format()
    {
        using var content = new StringContent("""{"event":"x","time":"2026-01-14T21:43:17Z","extra":1}""", Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync(_receiver.Url, content);

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains(_receiver.Problems, p => p.StartsWith("time ", StringComparison.Ordinal));
        Assert.Contains(_receiver.Problems, p => p.StartsWith("extra ", StringComparison.Ordinal));
        Assert.Contains(_receiver.Problems, p => p.StartsWith("outbox_id is missing", StringComparison.Ordinal));
    }
}
