using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Hbd.Server.Silences;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Store;

/// <summary>
/// Hands every call to <see cref="Current"/>: lets a test swap a real store for another under a running writer, or, derived,
/// change what one call does.
/// </summary>
internal class SwitchableStore(IStore current) : IStore
{
    public IStore Current { get; set; } = current;

    public void Open() => Current.Open();

    public IReadOnlyList<PersistedHost> LoadHosts() => Current.LoadHosts();

    public byte[]? LoadBody(string name) => Current.LoadBody(name);

    public virtual IReadOnlyList<JournalEntry> Write(StoreBatch batch) => Current.Write(batch);

    public Task<IReadOnlyList<JournalEntry>> QueryJournalAsync(JournalQuery query, CancellationToken cancellationToken = default) =>
        Current.QueryJournalAsync(query, cancellationToken);

    public int PruneJournal(DateTimeOffset before, int keep) => Current.PruneJournal(before, keep);

    public Task<(Silence Silence, bool Added)> AddSilenceAsync(Silence silence, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Current.AddSilenceAsync(silence, now, cancellationToken);

    public Task<Silence?> RemoveSilenceAsync(long id, CancellationToken cancellationToken = default) => Current.RemoveSilenceAsync(id, cancellationToken);

    public Task<IReadOnlyList<Silence>> QuerySilencesAsync(DateTimeOffset now, bool includeExpired, CancellationToken cancellationToken = default) =>
        Current.QuerySilencesAsync(now, includeExpired, cancellationToken);

    public IReadOnlyList<Silence> LoadUnnotedSilences() => Current.LoadUnnotedSilences();

    public void NoteSilencesExpired(IReadOnlyCollection<long> ids) => Current.NoteSilencesExpired(ids);

    public int PruneSilences(DateTimeOffset before) => Current.PruneSilences(before);

    public IReadOnlyList<OutboxRow> ClaimDue(DateTimeOffset now, DateTimeOffset staleClaimBefore, int max) => Current.ClaimDue(now, staleClaimBefore, max);

    public bool Complete(long id, int attempt, OutboxAttempt result, bool sent, DateTimeOffset? nextAttemptAt) =>
        Current.Complete(id, attempt, result, sent, nextAttemptAt);

    public IReadOnlyList<bool> CompleteAll(IReadOnlyList<OutboxCompletion> completions) => Current.CompleteAll(completions);

    public int ReleaseClaims() => Current.ReleaseClaims();

    public DateTimeOffset? NextDue() => Current.NextDue();

    public Task<IReadOnlyList<OutboxEntry>> QueryOutboxAsync(OutboxQuery query, CancellationToken cancellationToken = default) =>
        Current.QueryOutboxAsync(query, cancellationToken);

    public int PruneOutbox(DateTimeOffset before) => Current.PruneOutbox(before);

    public void Dispose()
    {
    }
}
