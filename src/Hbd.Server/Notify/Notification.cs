namespace Hbd.Server.Notify;

/// <summary>
/// One message to people, as a channel sends it: made when the store writer routes a journal entry to a channel, kept in
/// the outbox row until it is delivered, so a restart sends the same message. <see cref="OutboxId"/> names the row (a
/// resend of one row is recognisable: the e-mail Message-ID and the webhook's ids derive from it).
/// </summary>
public sealed record Notification
{
    /// <summary>The outbox row; 0 for a test message (POST /api/notify/test), which has none.</summary>
    public long OutboxId { get; init; }

    /// <summary>The journal entry the message is about; 0 for a test message.</summary>
    public long JournalId { get; init; }

    /// <summary>The event (a journal kind): host_down, host_up, level_changed, message, outage, flapping, test …</summary>
    public required string Event { get; init; }

    /// <summary>The host, or null for events of no single host (an outage summary, a test).</summary>
    public string? Host { get; init; }

    /// <summary>The host's state after the event (up, late, down), when it has one.</summary>
    public string? State { get; init; }

    /// <summary>The level (ok, warning, critical, unknown) that decides the message's priority, when there is one.</summary>
    public string? Level { get; init; }

    /// <summary>When the event happened (the journal entry's time).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>One line: what happened to what ("web1 is down").</summary>
    public required string Title { get; init; }

    /// <summary>The body: since when, for how long, the journal's text.</summary>
    public required string Text { get; init; }

    /// <summary>A link to the host's page in the web UI when <c>public_url</c> is set.</summary>
    public string? Url { get; init; }

    /// <summary>0 for the first message of an event; 1, 2 … for reminders while a host stays down (<c>repeat_after</c>).</summary>
    public int Repeat { get; init; }
}
