using Hbd.Server.Notify;

namespace Hbd.Server.Api;

/// <summary>An outbox row as GET /api/notifications shows it: the message, where it stands, and every attempt.</summary>
public sealed record NotificationView(
    long Id,
    long JournalId,
    string Channel,
    string Event,
    string? Host,
    string Title,
    string Text,
    int Repeat,
    string Status,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? GaveUpAt,
    string? LastError,
    IReadOnlyList<NotificationAttemptView> History)
{
    public static NotificationView Of(OutboxEntry entry)
    {
        var row = entry.Row;
        var status = row.SentAt is not null ? OutboxQuery.Sent : row.GaveUpAt is not null ? OutboxQuery.GivenUp : OutboxQuery.Pending;
        return new NotificationView(row.Id, row.JournalId, row.Channel, row.Message.Event, row.Message.Host, row.Message.Title,
            row.Message.Text, row.Repeat, status, row.CreatedAt, row.Attempts, status == OutboxQuery.Pending ? row.NextAttemptAt : null,
            row.SentAt, row.GaveUpAt, row.LastError,
            [.. entry.Attempts.Select(a => new NotificationAttemptView(a.Attempt, a.At, a.Result, a.Detail))]);
    }
}

public sealed record NotificationAttemptView(int Attempt, DateTimeOffset At, string Result, string Detail);

/// <summary>What a test message came to.</summary>
public sealed record NotifyTestView(string Channel, string Result, string Detail);
