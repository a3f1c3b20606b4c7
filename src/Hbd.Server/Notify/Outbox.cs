namespace Hbd.Server.Notify;

/// <summary>
/// A decision to notify a channel, written in the transaction that writes the journal entry it is about (or, for a reminder,
/// about an entry written before). <see cref="JournalIndex"/> is the entry's index in the batch's journal, or -1 with
/// <see cref="JournalId"/> naming an entry already stored.
/// </summary>
public sealed record OutboxRequest(int JournalIndex, long JournalId, string Channel, int Repeat, Notification Message);

/// <summary>
/// One outbox row: a notification for one channel and its delivery. A row is pending until it is sent or given up;
/// <see cref="ClaimedAt"/> is set while a sender is trying it (a claim older than the sender's timeout is taken again).
/// </summary>
public sealed record OutboxRow
{
    public required long Id { get; init; }
    public required long JournalId { get; init; }
    public required string Channel { get; init; }
    public int Repeat { get; init; }

    /// <summary>The message as it was made when the event was routed, with <see cref="Notification.OutboxId"/> set.</summary>
    public required Notification Message { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Attempts started so far (a claim starts one).</summary>
    public int Attempts { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? GaveUpAt { get; init; }
    public string? LastError { get; init; }
}

/// <summary>What one attempt of a row came to: <c>sent</c>, <c>transient</c>, <c>permanent</c> or <c>given_up</c>.</summary>
public sealed record OutboxAttempt(long OutboxId, int Attempt, DateTimeOffset At, string Result, string Detail);

/// <summary>One attempt's result for <see cref="IOutboxStore.CompleteAll"/>: the arguments of <see cref="IOutboxStore.Complete"/>.</summary>
public sealed record OutboxCompletion(long Id, int Attempt, OutboxAttempt Result, bool Sent, DateTimeOffset? NextAttemptAt);

/// <summary>A row with its attempts, for GET /api/notifications.</summary>
public sealed record OutboxEntry(OutboxRow Row, IReadOnlyList<OutboxAttempt> Attempts);

/// <summary>Which rows GET /api/notifications lists, newest first: all, or those pending, sent or given up; of one host or channel.</summary>
public sealed record OutboxQuery(string? Status = null, string? Host = null, string? Channel = null, long? BeforeId = null, int Limit = 100)
{
    /// <summary>The most rows one query returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The statuses <see cref="Status"/> may name.</summary>
    public const string Pending = "pending", Sent = "sent", GivenUp = "given_up";
}

/// <summary>
/// The notification outbox, kept with the journal (its rows are written in the journal's transaction, through the store's
/// batch write). Senders claim due rows with a conditional update, send, and complete them: a crash between sending and
/// completing can resend once, never lose.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> rows due at <paramref name="now"/> (pending, <c>next_attempt_at</c> reached, not
    /// claimed or claimed before <paramref name="staleClaimBefore"/>), in order of <c>next_attempt_at</c>: each gets
    /// <c>claimed_at = now</c> and one more attempt, in one statement, so two senders never take the same row.
    /// </summary>
    IReadOnlyList<OutboxRow> ClaimDue(DateTimeOffset now, DateTimeOffset staleClaimBefore, int max);

    /// <summary>
    /// Records the attempt's result and ends the claim: sent (<paramref name="sent"/>), given up (<paramref name="nextAttemptAt"/>
    /// null and not sent), or due again at <paramref name="nextAttemptAt"/>. Applies only while the row is still at
    /// <paramref name="attempt"/> and pending; false otherwise (another sender took it over).
    /// </summary>
    bool Complete(long id, int attempt, OutboxAttempt result, bool sent, DateTimeOffset? nextAttemptAt);

    /// <summary>
    /// As <see cref="Complete"/> for several rows in one transaction (a sender completes a whole claimed batch at once, so
    /// its writes do not queue behind each other); whether each applied, in order.
    /// </summary>
    IReadOnlyList<bool> CompleteAll(IReadOnlyList<OutboxCompletion> completions);

    /// <summary>Ends every claim (at start: with one hbd per data directory, a claim left is one a killed process held).</summary>
    int ReleaseClaims();

    /// <summary>
    /// When the earliest pending row that is not claimed is due, or null when there is none. Claimed rows are left out, or a
    /// sender waiting on this would wake at once for a row being sent: their sender's <see cref="Complete"/> sets when they
    /// are due again (a sender that also retakes stale claims wakes by its claim timeout for them).
    /// </summary>
    DateTimeOffset? NextDue();

    /// <summary>
    /// Rows newest first (by id), each with its attempts in order; <see cref="OutboxQuery.Status"/> is <c>pending</c>,
    /// <c>sent</c>, <c>given_up</c> or null for all (another value is an <see cref="ArgumentException"/>), the host is matched
    /// whatever its case, <see cref="OutboxQuery.BeforeId"/> pages on, and <see cref="OutboxQuery.Limit"/> is held to 1 … 1000.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> QueryOutboxAsync(OutboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes rows sent or given up before <paramref name="before"/>, with their attempts; pending rows stay whatever their
    /// age. Returns how many rows. The store writer's hourly prune calls it with a 30-day cutoff, which keeps the outbox
    /// bounded by a month of notifications.
    /// </summary>
    int PruneOutbox(DateTimeOffset before);
}
