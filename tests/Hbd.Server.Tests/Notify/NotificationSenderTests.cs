using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Tests.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Server.Tests.Notify;

/// <summary>The sender over a real outbox on the test's own clock: delivery, the backoff schedule, giving up, a crash's resend.</summary>
public sealed class NotificationSenderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDataDir _dir = new();
    private readonly SqliteStore _store;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly ScriptedChannel _channel = new("pushover");
    private readonly JournalSpy _journal = new();

    public NotificationSenderTests()
    {
        _store = new SqliteStore(_dir.File("hbd.db"));
        _store.Open();
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_row_is_sent_once_and_recorded_as_sent()
    {
        var id = Enqueue("host_down", "web1 is down");
        _channel.Answers.Enqueue(SendOutcome.Sent("HTTP 200"));

        Assert.Equal(1, await Sender().SendDueAsync(default));
        Assert.Equal(0, await Sender().SendDueAsync(default));

        Assert.Equal(["web1 is down"], _channel.Sent.Select(n => n.Title));
        Assert.Equal(id, _channel.Sent[0].OutboxId);
        var row = await Row(id);
        Assert.Equal(T0, row.Row.SentAt);
        Assert.Equal(("sent", "HTTP 200"), (row.Attempts.Single().Result, row.Attempts.Single().Detail));
    }

    [Fact]
    public async Task Transient_failures_are_retried_after_5_10_20_seconds_spread_by_a_fifth()
    {
        var id = Enqueue("host_down", "web1 is down");
        foreach (var _ in Enumerable.Range(0, 3))
            _channel.Answers.Enqueue(SendOutcome.Transient("HTTP 503"));
        _channel.Answers.Enqueue(SendOutcome.Sent("HTTP 200"));
        var sender = Sender();

        var delays = new List<double>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var before = _time.GetUtcNow();
            Assert.Equal(1, await sender.SendDueAsync(default));
            var next = (await Row(id)).Row.NextAttemptAt;
            delays.Add((next - before).TotalSeconds);
            _time.SetUtcNow(next - TimeSpan.FromMilliseconds(1));
            Assert.Equal(0, await sender.SendDueAsync(default)); // not due a moment before
            _time.SetUtcNow(next);
        }
        Assert.Equal(1, await sender.SendDueAsync(default));

        Assert.InRange(delays[0], 4, 6);
        Assert.InRange(delays[1], 8, 12);
        Assert.InRange(delays[2], 16, 24);
        var row = await Row(id);
        Assert.NotNull(row.Row.SentAt);
        Assert.Equal(["transient", "transient", "transient", "sent"], row.Attempts.Select(a => a.Result));
        Assert.Equal(4, _channel.Sent.Count);
    }

    [Fact]
    public async Task A_service_asking_to_wait_is_waited_for()
    {
        var id = Enqueue("host_down", "web1 is down");
        _channel.Answers.Enqueue(SendOutcome.Transient("HTTP 429", TimeSpan.FromMinutes(7)));

        await Sender().SendDueAsync(default);

        Assert.Equal(T0.AddMinutes(7), (await Row(id)).Row.NextAttemptAt);
    }

    [Fact]
    public async Task A_row_not_delivered_within_notify_max_age_is_given_up_and_journaled()
    {
        var id = Enqueue("host_down", "web1 is down");
        var sender = Sender(TimeSpan.FromMinutes(2));
        var attempts = 0;
        while ((await Row(id)).Row.GaveUpAt is null)
        {
            _channel.Answers.Enqueue(SendOutcome.Transient("connection refused"));
            Assert.Equal(1, await sender.SendDueAsync(default));
            attempts++;
            _time.SetUtcNow((await Row(id)).Row.NextAttemptAt);
            Assert.True(attempts < 20, "never given up");
        }

        var row = await Row(id);
        Assert.True(row.Row.GaveUpAt - T0 <= TimeSpan.FromMinutes(2), $"{row.Row.GaveUpAt}");
        Assert.Equal("given_up", row.Attempts[^1].Result);
        Assert.Contains("notify_max_age (2m)", row.Attempts[^1].Detail, StringComparison.Ordinal);
        var failed = Assert.Single(_journal.Routed);
        Assert.Equal((NotifyEvents.NotifyFailed, "web1"), (failed.Kind, failed.Host));
        Assert.Contains($"pushover: \"web1 is down\" not delivered after {attempts} attempts", failed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_refusal_is_given_up_at_once()
    {
        var id = Enqueue("host_down", "web1 is down");
        _channel.Answers.Enqueue(SendOutcome.Permanent("HTTP 400: application token is invalid"));

        await Sender().SendDueAsync(default);

        var row = await Row(id);
        Assert.NotNull(row.Row.GaveUpAt);
        Assert.Single(row.Attempts);
        Assert.Contains("token is invalid", Assert.Single(_journal.Routed).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_of_a_failure_that_fails_is_journaled_only()
    {
        Enqueue(NotifyEvents.NotifyFailed, "A notification could not be delivered");
        _channel.Answers.Enqueue(SendOutcome.Permanent("HTTP 401"));

        await Sender().SendDueAsync(default);

        Assert.Empty(_journal.Routed);
        Assert.Equal(NotifyEvents.NotifyFailed, Assert.Single(_journal.Unrouted).Kind);
    }

    [Fact]
    public async Task A_row_claimed_by_a_sender_that_died_is_sent_again_once_after_a_restart()
    {
        var id = Enqueue("host_down", "web1 is down");
        // The first hbd claimed it, sent it, and was killed before recording that.
        Assert.Single(_store.ClaimDue(T0, T0 - NotificationSender.ClaimTimeout, 10));
        Assert.Equal(0, await Sender().SendDueAsync(default)); // held by the claim

        Assert.Equal(1, _store.ReleaseClaims()); // what the sender does at start
        _channel.Answers.Enqueue(SendOutcome.Sent("HTTP 200"));
        Assert.Equal(1, await Sender().SendDueAsync(default));
        Assert.Equal(0, await Sender().SendDueAsync(default));

        Assert.Single(_channel.Sent);
        Assert.Equal(2, (await Row(id)).Row.Attempts);
    }

    [Fact]
    public async Task A_row_for_a_channel_no_longer_set_up_is_given_up()
    {
        var id = Enqueue("host_down", "web1 is down", channel: "email");

        await Sender().SendDueAsync(default);

        Assert.Contains("email channel is no longer set up", (await Row(id)).Attempts.Single().Detail, StringComparison.Ordinal);
    }

    private NotificationSender Sender(TimeSpan? maxAge = null) => new(_store, new Dictionary<string, INotificationChannel> { ["pushover"] = _channel },
        NotifyOptions.None with { MaxAge = maxAge ?? NotifyOptions.DefaultMaxAge }, new NotificationSignal(), _journal, _time,
        NullLogger<NotificationSender>.Instance, new Random(7));

    private long Enqueue(string kind, string title, string channel = "pushover")
    {
        var entry = new JournalEntry(0, _time.GetUtcNow(), "web1", kind, "critical", title);
        var message = new Notification { Event = kind, Host = "web1", Time = entry.Time, Title = title, Text = entry.Text };
        _store.Write(new StoreBatch([], [entry], []) { Outbox = [new OutboxRequest(0, 0, channel, 0, message)], Now = entry.Time });
        return _store.QueryOutboxAsync(new OutboxQuery()).GetAwaiter().GetResult().Max(e => e.Row.Id);
    }

    private async Task<OutboxEntry> Row(long id) => (await _store.QueryOutboxAsync(new OutboxQuery(Limit: 1000))).Single(e => e.Row.Id == id);

    private sealed class ScriptedChannel(string name) : INotificationChannel
    {
        public string Name => name;

        public Queue<SendOutcome> Answers { get; } = new();

        public List<Notification> Sent { get; } = [];

        public Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            Sent.Add(notification);
            return Task.FromResult(Answers.Dequeue());
        }
    }

    private sealed class JournalSpy : IJournalAppender
    {
        public List<JournalEntry> Routed { get; } = [];

        public List<JournalEntry> Unrouted { get; } = [];

        public void Append(JournalEntry entry) => Routed.Add(entry);

        public void AppendUnrouted(JournalEntry entry) => Unrouted.Add(entry);
    }
}
