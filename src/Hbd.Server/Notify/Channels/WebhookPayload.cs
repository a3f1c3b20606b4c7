namespace Hbd.Server.Notify.Channels;

/// <summary>
/// What the webhook posts: the notification's fields under the API's snake_case names, so a receiver can route on
/// <see cref="Event"/>, <see cref="Level"/> or <see cref="Host"/> and recognise a resend by <see cref="OutboxId"/> and
/// <see cref="Repeat"/>.
/// </summary>
internal sealed record WebhookPayload(string Event, string? Host, string? State, string? Level, DateTimeOffset Time, string Title,
    string Text, string? Url, long OutboxId, long JournalId, int Repeat)
{
    public static WebhookPayload From(Notification n) =>
        new(n.Event, n.Host, n.State, n.Level, n.Time, n.Title, n.Text, n.Url, n.OutboxId, n.JournalId, n.Repeat);
}
