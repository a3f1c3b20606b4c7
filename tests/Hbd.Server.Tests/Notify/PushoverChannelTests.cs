using Hbd.Server.Notify;
using Hbd.Server.Notify.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Server.Tests.Notify;

public sealed class PushoverChannelTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 14, 21, 45, 0, TimeSpan.Zero);
    private readonly HttpClient _http = new();
    private readonly FakeTimeProvider _time = new(Now);
    private PushoverStandIn _pushover = null!;

    public async Task InitializeAsync() => _pushover = await PushoverStandIn.StartAsync();

    public async Task DisposeAsync() => await _pushover.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private PushoverChannel Channel(string token = PushoverStandIn.Token, string user = PushoverStandIn.User, TimeSpan? timeout = null) =>
        new(new PushoverSettings(_pushover.BaseUri, token, user), _http, _time, timeout);

    [Fact]
    public async Task A_message_is_a_form_post_with_the_documented_fields()
    {
        var outcome = await Channel().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Empty(_pushover.Problems);
        var form = PushoverStandIn.Form(Assert.Single(_pushover.Requests));
        Assert.Equal(PushoverStandIn.Token, form["token"]);
        Assert.Equal(PushoverStandIn.User, form["user"]);
        Assert.Equal("web1 is down", form["title"]);
        Assert.Equal(Notes.Down().Text, form["message"]);
        Assert.Equal("1", form["priority"]);
        Assert.Equal(Notes.Time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), form["timestamp"]);
        Assert.Equal("https://hbd.example.org/hosts/web1", form["url"]);
        Assert.Equal("web1", form["url_title"]);
        Assert.Equal("HTTP 200 OK: request 5042853c-402d-4a18-abcb-168734a801de", outcome.Detail);
    }

    [Theory]
    [InlineData("critical", 1)]
    [InlineData("warning", 0)]
    [InlineData("ok", -1)]
    [InlineData("unknown", 0)]
    [InlineData(null, 0)]
    public async Task The_level_sets_the_priority(string? level, int priority)
    {
        var outcome = await Channel().SendAsync(Notes.Down(level), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Equal(priority.ToString(System.Globalization.CultureInfo.InvariantCulture), PushoverStandIn.Form(Assert.Single(_pushover.Requests))["priority"]);
    }

    [Fact]
    public async Task A_recovery_without_a_level_is_quiet()
    {
        var up = Notes.Down(level: null) with { Event = "host_up", State = "up", Title = "web1 is up" };

        await Channel().SendAsync(up, CancellationToken.None);

        Assert.Equal("-1", PushoverStandIn.Form(Assert.Single(_pushover.Requests))["priority"]);
    }

    [Fact]
    public async Task Without_a_public_url_there_is_no_link()
    {
        await Channel().SendAsync(Notes.Down(url: null), CancellationToken.None);

        var form = PushoverStandIn.Form(Assert.Single(_pushover.Requests));
        Assert.False(form.ContainsKey("url"));
        Assert.False(form.ContainsKey("url_title"));
    }

    [Fact]
    public async Task Long_texts_are_cut_to_the_limits_not_refused()
    {
        var note = Notes.Down(url: "https://hbd.example.org/hosts/" + new string('h', 600)) with
        {
            Title = "web1 “" + new string('t', 300),
            Text = new string('m', 1020) + "😀😀😀",
        };

        var outcome = await Channel().SendAsync(note, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Empty(_pushover.Problems);
        var form = PushoverStandIn.Form(Assert.Single(_pushover.Requests));
        Assert.Equal(250, form["title"].Length);
        Assert.StartsWith("web1 “ttt", form["title"], StringComparison.Ordinal);
        Assert.EndsWith("t…", form["title"], StringComparison.Ordinal);
        Assert.True(form["message"].Length <= 1024);
        Assert.Equal(new string('m', 1020) + "😀…", form["message"]);
        Assert.False(form.ContainsKey("url"));
    }

    [Fact]
    public async Task A_429_waits_until_the_apps_limit_resets()
    {
        _pushover.Mode = StandInMode.RateLimited;
        _pushover.Remaining = 0;
        _pushover.ResetAt = Now.AddHours(3);

        var outcome = await Channel().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.Equal(TimeSpan.FromHours(3), outcome.RetryAfter);
        Assert.StartsWith("HTTP 429 Too Many Requests: application has exceeded its message limit", outcome.Detail, StringComparison.Ordinal);
        Assert.EndsWith("(the app's monthly message limit is used up until 2026-01-15 00:45 UTC)", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_up_limit_shows_in_the_detail_of_a_sent_message()
    {
        _pushover.Remaining = 0;

        var outcome = await Channel().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Contains("monthly message limit is used up until 2026-02-01 05:00 UTC", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_is_transient()
    {
        _pushover.Mode = StandInMode.ServerError;

        var outcome = await Channel().SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.Null(outcome.RetryAfter);
        Assert.Equal("HTTP 500 Internal Server Error: <html> <body><h1>500 Internal Server Error</h1> </body></html>", outcome.Detail);
    }

    [Fact]
    public async Task A_bad_token_is_permanent_with_pushovers_errors()
    {
        var outcome = await Channel(token: "wrongwrongwrongwrongwrongwrong").SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.Equal("HTTP 400 Bad Request: application token is invalid; request 5042853c-402d-4a18-abcb-168734a801de", outcome.Detail);
    }

    [Fact]
    public async Task A_bad_user_is_permanent_with_pushovers_errors()
    {
        var outcome = await Channel(user: "nobody").SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.Contains("user identifier is not a valid user, group, or subscribed user key", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var closed = new Uri($"http://127.0.0.1:{FreeTcpPorts.Take(1)[0]}/");
        var channel = new PushoverChannel(new PushoverSettings(closed, PushoverStandIn.Token, PushoverStandIn.User), _http, _time);

        var outcome = await channel.SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("connection failed: ConnectionRefused", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_in_time_is_transient()
    {
        _pushover.Mode = StandInMode.Hang;
        var channel = new PushoverChannel(new PushoverSettings(_pushover.BaseUri, PushoverStandIn.Token, PushoverStandIn.User), _http,
            TimeProvider.System, TimeSpan.FromMilliseconds(300));

        var outcome = await channel.SendAsync(Notes.Down(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.Equal("no answer within 0.3 s", outcome.Detail);
        Assert.Single(_pushover.Requests);
    }

    [Fact]
    public async Task Stopping_hbd_cancels_the_attempt_rather_than_judging_it()
    {
        _pushover.Mode = StandInMode.Hang;
        using var stopping = new CancellationTokenSource();
        var send = Channel().SendAsync(Notes.Down(), stopping.Token);
        await _pushover.Arrived.WaitAsync(TimeSpan.FromSeconds(30));

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }
}
