using Hbd.Server.Notify;
using Hbd.Server.Notify.Channels;

namespace Hbd.Server.Tests.Notify;

public sealed class MattermostChannelTests : IAsyncLifetime, IDisposable
{
    private const string Expected =
        "**web1 is down**\n\nNo heartbeat since 21:41:17 (2 min).\nLast message: disk /var 97 % full\n\nhttps://hbd.example.org/hosts/web1";

    private readonly HttpClient _http = new();
    private MattermostStandIn _mattermost = null!;

    public async Task InitializeAsync() => _mattermost = await MattermostStandIn.StartAsync();

    public async Task DisposeAsync() => await _mattermost.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private MattermostChannel Hook(Uri? url = null, TimeSpan? timeout = null) =>
        new(new MattermostSettings(url ?? _mattermost.HookUri, null, null), _http, timeout: timeout);

    private MattermostChannel Api(string token = MattermostStandIn.Token, string channel = MattermostStandIn.ChannelId) =>
        new(new MattermostSettings(_mattermost.BaseUri, token, channel), _http);

    [Fact]
    public async Task A_webhook_post_is_json_text_from_hbd()
    {
        var outcome = await Hook().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Equal("HTTP 200 OK: ok", outcome.Detail);
        Assert.Empty(_mattermost.Problems);
        var request = Assert.Single(_mattermost.Requests);
        Assert.Equal("/hooks/" + MattermostStandIn.HookKey, request.Path);
        var body = MattermostStandIn.Json(request);
        Assert.Equal(Expected, body.GetProperty("text").GetString());
        Assert.Equal("hbd", body.GetProperty("username").GetString());
        Assert.False(body.TryGetProperty("icon_url", out _));
    }

    [Fact]
    public async Task An_api_post_carries_the_bot_token_and_the_channel()
    {
        var outcome = await Api().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.StartsWith("HTTP 201 Created", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(_mattermost.Problems);
        var request = Assert.Single(_mattermost.Requests);
        Assert.Equal("/api/v4/posts", request.Path);
        Assert.Equal("Bearer " + MattermostStandIn.Token, request.Header("Authorization"));
        var body = MattermostStandIn.Json(request);
        Assert.Equal(MattermostStandIn.ChannelId, body.GetProperty("channel_id").GetString());
        Assert.Equal(Expected, body.GetProperty("message").GetString());
        Assert.Equal(2, body.EnumerateObject().Count());
    }

    [Fact]
    public async Task Markdown_in_hosts_texts_is_escaped_and_a_missing_link_left_out()
    {
        var note = Notes.Down(url: null) with { Title = "db_1 *is* down", Text = "# [x](y) `rm` > |a| ~b~ \\" };

        await Hook().SendAsync(note, CancellationToken.None);

        var text = MattermostStandIn.Json(Assert.Single(_mattermost.Requests)).GetProperty("text").GetString();
        Assert.Equal("**db\\_1 \\*is\\* down**\n\n\\# \\[x\\](y) \\`rm\\` \\> \\|a\\| \\~b\\~ \\\\", text);
    }

    [Fact]
    public async Task A_runaway_text_is_cut()
    {
        var outcome = await Hook().SendAsync(Notes.Down() with { Text = new string('x', 20_000) }, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        var text = MattermostStandIn.Json(Assert.Single(_mattermost.Requests)).GetProperty("text").GetString()!;
        Assert.Equal(MattermostChannel.MessageLimit, text.Length);
        Assert.EndsWith("x…", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_transient_after_retry_after()
    {
        _mattermost.Mode = StandInMode.RateLimited;

        var outcome = await Api().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), outcome.RetryAfter);
        Assert.Equal("HTTP 429 Too Many Requests: limit exceeded", outcome.Detail);
    }

    [Fact]
    public async Task A_500_is_transient()
    {
        _mattermost.Mode = StandInMode.ServerError;

        var outcome = await Hook().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("HTTP 500 Internal Server Error", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_token_is_permanent_with_mattermosts_message()
    {
        var outcome = await Api(token: "wrongtokenwrongtokenwrong1").SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.Equal("HTTP 401 Unauthorized: Invalid or expired session, please login again. (api.context.session_expired.app_error)", outcome.Detail);
    }

    [Fact]
    public async Task An_unknown_webhook_is_permanent()
    {
        var outcome = await Hook(new Uri(_mattermost.BaseUri, "/hooks/aaaaaaaaaaaaaaaaaaaaaaaaaa")).SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.Equal("HTTP 400 Bad Request: Invalid webhook. (web.incoming_webhook.invalid.app_error)", outcome.Detail);
        Assert.Empty(_mattermost.Problems);
    }

    [Fact]
    public async Task A_channel_the_bot_may_not_post_in_is_permanent()
    {
        var outcome = await Api(channel: "aaaaaaaaaaaaaaaaaaaaaaaaaa").SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.StartsWith("HTTP 403 Forbidden: You do not have the appropriate permissions.", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var outcome = await Hook(new Uri($"http://127.0.0.1:{FreeTcpPorts.Take(1)[0]}/hooks/x")).SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("connection failed: ConnectionRefused", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_transient()
    {
        _mattermost.Mode = StandInMode.Hang;

        var outcome = await Hook(timeout: TimeSpan.FromMilliseconds(300)).SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.Equal("no answer within 0.3 s", outcome.Detail);
    }

    [Fact]
    public async Task The_stand_in_refuses_what_mattermost_would()
    {
        using var content = new StringContent("""{"message":"hi","channel_id":"nope"}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync(new Uri(_mattermost.BaseUri, "/api/v4/posts"), content);

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal(2, _mattermost.Problems.Count);
    }
}
