namespace Hbd.Server.Notify;

/// <summary>
/// A way to reach people (Pushover, Mattermost, e-mail, webhook). One attempt per call: the sender decides about retries
/// from the outcome. Implementations are thread-safe and never throw for a failed delivery; they say what happened.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The name routing rules use: pushover, mattermost, email, webhook.</summary>
    string Name { get; }

    Task<SendOutcome> SendAsync(Notification notification, CancellationToken cancellationToken);
}

public enum SendStatus
{
    /// <summary>The service took the message.</summary>
    Sent,

    /// <summary>Worth trying again: a 5xx, 429, a timeout, a refused or reset connection, a DNS failure.</summary>
    Transient,

    /// <summary>Trying again cannot help: a 4xx other than 429 (bad credentials, a rejected field), an address refused.</summary>
    Permanent,
}

/// <summary>What one attempt came to. <see cref="Detail"/> is for people (the status and the service's answer, shortened).</summary>
public sealed record SendOutcome(SendStatus Status, string Detail, TimeSpan? RetryAfter = null)
{
    public static SendOutcome Sent(string detail) => new(SendStatus.Sent, detail);

    public static SendOutcome Transient(string detail, TimeSpan? retryAfter = null) => new(SendStatus.Transient, detail, retryAfter);

    public static SendOutcome Permanent(string detail) => new(SendStatus.Permanent, detail);
}
