using Hbd.Common.Config;
using Hbd.Server.Journal;
using Hbd.Server.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Notify;

/// <summary>
/// Delivers the outbox: claims due rows (a conditional update, so no row is sent twice at once), sends each through its
/// channel, and completes it: sent, due again after a backoff (a transient failure), or given up (refused for good, or not
/// delivered within <c>notify_max_age</c>), which is journaled as <c>notify_failed</c>. Woken by the store writer after a
/// commit with outbox rows; otherwise it looks again when the next row is due.
/// </summary>
public sealed partial class NotificationSender : BackgroundService
{
    /// <summary>A claim older than this is taken as abandoned; far longer than an attempt (a channel gives up after 10 s).</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Rows claimed and sent at once.</summary>
    public const int Batch = 64;

    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(30);

    private readonly IOutboxStore _outbox;
    private readonly IReadOnlyDictionary<string, INotificationChannel> _channels;
    private readonly NotifyOptions _options;
    private readonly NotificationSignal _signal;
    private readonly IJournalAppender _writer;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationSender> _logger;
    private readonly Random _random;

    public NotificationSender(IOutboxStore outbox, IReadOnlyDictionary<string, INotificationChannel> channels, NotifyOptions options,
        NotificationSignal signal, IJournalAppender writer, TimeProvider time, ILogger<NotificationSender> logger, Random? random = null)
    {
        _outbox = outbox;
        _channels = channels;
        _options = options;
        _signal = signal;
        _writer = writer;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared;
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Failed => Interlocked.Read(ref _failed);

    private long _sent;
    private long _failed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One hbd per data directory: a claim still set is one a killed hbd held.
        try
        {
            _outbox.ReleaseClaims();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(_logger, e.Message);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                var claimed = await SendDueAsync(stoppingToken).ConfigureAwait(false);
                if (claimed == Batch)
                    continue;
                var now = _time.GetUtcNow();
                sleep = _outbox.NextDue() is { } next ? Clamp(next - now) : LongestSleep;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogStoreFailed(_logger, e.Message);
                sleep = TimeSpan.FromSeconds(5);
            }
            try
            {
                await _signal.WaitAsync(sleep, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Claims the rows due now, tries each once (all at once), and records the results in one transaction; the number
    /// claimed. Given-up rows are journaled after their record is written.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var rows = _outbox.ClaimDue(now, now - ClaimTimeout, Batch);
        if (rows.Count == 0)
            return 0;
        var outcomes = await Task.WhenAll(rows.Select(row => AttemptAsync(row, cancellationToken))).ConfigureAwait(false);
        var completions = new List<OutboxCompletion>(rows.Count);
        var gaveUp = new List<(OutboxRow Row, string Why)>();
        var at = _time.GetUtcNow();
        for (var i = 0; i < rows.Count; i++)
        {
            if (outcomes[i] is not { } outcome)
                continue; // stopping: the claim is released at the next start
            var row = rows[i];
            switch (outcome.Status)
            {
                case SendStatus.Sent:
                    completions.Add(new OutboxCompletion(row.Id, row.Attempts, new OutboxAttempt(row.Id, row.Attempts, at, "sent", outcome.Detail), true, null));
                    break;
                case SendStatus.Transient when at + NotifyBackoff.Delay(row.Attempts, outcome.RetryAfter, _random.NextDouble()) is var next
                    && next - row.CreatedAt <= _options.MaxAge:
                    completions.Add(new OutboxCompletion(row.Id, row.Attempts, new OutboxAttempt(row.Id, row.Attempts, at, "transient", outcome.Detail),
                        false, next));
                    if (row.Attempts == 1)
                        LogRetrying(_logger, row.Channel, row.Message.Title, outcome.Detail);
                    break;
                default:
                    var why = outcome.Status == SendStatus.Transient
                        ? $"not delivered within notify_max_age ({DurationParser.Format(_options.MaxAge)}); last: {outcome.Detail}"
                        : outcome.Detail;
                    completions.Add(new OutboxCompletion(row.Id, row.Attempts, new OutboxAttempt(row.Id, row.Attempts, at, "given_up", why), false, null));
                    gaveUp.Add((row, why));
                    break;
            }
        }
        var applied = completions.Count == 0 ? [] : _outbox.CompleteAll(completions);
        for (var i = 0; i < completions.Count; i++)
        {
            if (!applied[i])
                continue;
            if (completions[i].Sent)
                Interlocked.Increment(ref _sent);
            else if (completions[i].NextAttemptAt is null)
                Journal(gaveUp.First(g => g.Row.Id == completions[i].Id), at);
        }
        return rows.Count;
    }

    /// <summary>One attempt of a row: its outcome, or null when hbd is stopping.</summary>
    private async Task<SendOutcome?> AttemptAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (!_channels.TryGetValue(row.Channel, out var channel))
            return SendOutcome.Permanent($"the {row.Channel} channel is no longer set up");
        if (_time.GetUtcNow() - row.CreatedAt > _options.MaxAge)
            return SendOutcome.Permanent($"not delivered within notify_max_age ({DurationParser.Format(_options.MaxAge)})");
        try
        {
            return await channel.SendAsync(row.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            return SendOutcome.Transient($"{e.GetType().Name}: {e.Message}");
        }
    }

    private void Journal((OutboxRow Row, string Why) failure, DateTimeOffset now)
    {
        var (row, why) = failure;
        Interlocked.Increment(ref _failed);
        LogGaveUp(_logger, row.Channel, row.Message.Title, row.Attempts, why);
        var entry = new JournalEntry(0, now, row.Message.Host, NotifyEvents.NotifyFailed, "warning",
            $"{row.Channel}: \"{row.Message.Title}\" not delivered after {row.Attempts} attempt{(row.Attempts == 1 ? "" : "s")}: {why}");
        // A failure to deliver a failure notice is journaled only: it must not start a chain.
        if (row.Message.Event == NotifyEvents.NotifyFailed)
            _writer.AppendUnrouted(entry);
        else
            _writer.Append(entry);
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestSleep ? LongestSleep : wait;

    [LoggerMessage(Level = LogLevel.Warning, Message = "notify: {Channel} could not deliver \"{Title}\" ({Detail}); retrying with backoff")]
    private static partial void LogRetrying(ILogger logger, string channel, string title, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "notify: {Channel} gave up \"{Title}\" after {Attempts} attempts: {Why}")]
    private static partial void LogGaveUp(ILogger logger, string channel, string title, int attempts, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "notify: the outbox cannot be read or written ({Reason}); trying again")]
    private static partial void LogStoreFailed(ILogger logger, string reason);
}
