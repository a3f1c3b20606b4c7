using System.Collections.Concurrent;
using System.Threading.Channels;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Store;

/// <summary>
/// Writes changed hosts and new journal entries to the store in one transaction every
/// <see cref="FlushInterval"/>, off the receive path; a crash loses at most that much. After each commit it publishes the
/// batch to the <see cref="CommitFeed"/>: the one source every consumer reads.
/// </summary>
public sealed partial class StoreWriter : BackgroundService, IJournalAppender
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Hosts written in one transaction at most; a flush writes what is pending in as many as it takes. Each row lives
    /// from its taking until its batch is published, and rows alive when a collection runs are carried into the oldest
    /// generation, where they become garbage: with a million hosts a batch held tens of thousands and was the largest
    /// source of it (docs/benchmarks.md, "A million hosts"). Small enough, too, that no array a write makes (a reference
    /// per host, 64 KiB) goes to the large object heap, which only a full collection empties.
    /// </summary>
    public const int MaxHostsPerWrite = 8_192;

    /// <summary>Bounds one flush, so that one that never catches up still returns to the timer (and lets a waiting caller in).</summary>
    private const int MaxWritesPerFlush = 64;
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    /// <summary>How long outbox rows are kept once sent or given up: long enough to answer "was I told?", and a bound.</summary>
    private static readonly TimeSpan OutboxKeep = TimeSpan.FromDays(30);

    private readonly IStore _store;
    private readonly CommitFeed _commits;
    private readonly Lock _flushSync = new();
    private readonly HostRegistry _registry;
    private readonly ChannelReader<HostChange> _changes;
    private readonly ConcurrentQueue<PendingEntry> _notes = new();

    // What a failed write left unwritten, written first and in order next time; touched by the flushing thread only.
    private readonly List<PendingEntry> _journal = [];
    private readonly List<string> _removed = [];
    private readonly TimeProvider _time;
    private readonly JournalRetention _retention;
    private readonly StoreHealth _health;
    private readonly StoreFailureLog _failureLog;
    private readonly ILogger<StoreWriter> _logger;
    private DateTimeOffset _lastPrune;

    private readonly NotificationRouter? _router;
    private readonly NotificationSignal? _signal;
    private readonly List<RoutedEntry> _routed = [];

    /// <summary>The writer of <paramref name="store"/>; with a <paramref name="router"/> (channels set up) it decides each journal
    /// entry's notifications and writes them with it, and pulses <paramref name="signal"/> after a commit that wrote some.</summary>
    public StoreWriter(IStore store, HostRegistry registry, ChangeFeed feed, CommitFeed commits, TimeProvider time, JournalRetention retention,
        StoreHealth health, ILogger<StoreWriter> logger, NotificationRouter? router = null, NotificationSignal? signal = null)
    {
        _router = router;
        _signal = signal;
        _store = store;
        _commits = commits;
        _registry = registry;
        _changes = feed.Subscribe();
        _time = time;
        _retention = retention;
        _health = health;
        _failureLog = new StoreFailureLog(logger);
        _logger = logger;
        _lastPrune = time.GetUtcNow() - PruneInterval + TimeSpan.FromMinutes(1);
    }

    /// <summary>Adds an entry that is not about a host change (config reloads, API messages).</summary>
    public void Append(JournalEntry entry) => _notes.Enqueue(new PendingEntry(entry, null));

    /// <summary>
    /// As <see cref="Append"/>, journaled only: never routed to a notification (a notification that failed for good must not
    /// cause another through the same channel).
    /// </summary>
    public void AppendUnrouted(JournalEntry entry) => _notes.Enqueue(new PendingEntry(entry, null, Routed: true));

    /// <summary>
    /// As <see cref="Append"/>, for a caller that answers with the entry as committed: the task completes with it, id and
    /// all, in the flush that commits it, and fails if the entry is let go unwritten (see <see cref="JournalRetention"/>).
    /// </summary>
    public Task<JournalEntry> AppendTracked(JournalEntry entry)
    {
        var written = new TaskCompletionSource<JournalEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        _notes.Enqueue(new PendingEntry(entry, written));
        return written.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A thread of its own at a lower priority, so that writing never keeps the receive thread waiting.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Hosting.BackgroundThreads.Start("hbd store writer", () =>
        {
            using var timer = new PeriodicTimer(FlushInterval, _time);
            try
            {
                while (timer.WaitForNextTickAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
                    FlushSafely();
            }
            catch (OperationCanceledException)
            {
            }
            stopped.SetResult();
        });
        return stopped.Task;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        FlushSafely(); // whatever came in before the stop is kept
        if (_health.Current is { FailingSince: not null } failing)
            LogStoppedUnwritten(_logger, failing.PendingJournal, failing.LastError);
    }

    private void FlushSafely()
    {
        try
        {
            Flush();
        }
        catch (Exception)
        {
            // Counted and logged by Flush. Nothing is lost: what was not written goes with the next batch.
            return;
        }
        try
        {
            PruneWhenDue();
        }
        catch (Exception e)
        {
            LogPruneFailed(_logger, e.Message);
        }
    }

    /// <summary>Writes everything pending now, and records in <see cref="StoreHealth"/> how that went; throws when it failed.</summary>
    public void Flush()
    {
        // One flush at a time: the timer's, the one at stop, and a test's or an API call's that needs its write committed now.
        lock (_flushSync)
        {
            var now = _time.GetUtcNow();
            try
            {
                var wrote = false;
                for (var writes = 0; writes < MaxWritesPerFlush; writes++)
                {
                    if (!WritePending(out var more))
                        break;
                    wrote = true;
                    if (!more)
                        break;
                }
                if (!wrote)
                    return;
            }
            catch (Exception e)
            {
                _failureLog.Failed(now, _health.Failed(now, e.Message, _journal.Count).ConsecutiveFailures, e);
                throw;
            }
            if (_health.Succeeded(now) is { } failingSince)
                _failureLog.Recovered(now - failingSince);
        }
    }

    /// <summary>False when there was nothing to write; <paramref name="more"/> when hosts were left for another write.</summary>
    private bool WritePending(out bool more)
    {
        more = false;
        while (_changes.TryRead(out var change))
        {
            if (JournalText.For(change) is { } entry)
                Take(new PendingEntry(entry, null));
            if (change is HostRemoved gone)
                _removed.Add(gone.Host);
        }
        while (_notes.TryDequeue(out var note))
            Take(note);
        if (_router is not null)
        {
            // Reminders, the end of flapping, an outage's recoveries: what time brings, decided with the rest.
            _router.Tick(_time.GetUtcNow(), _routed);
            TakeRouted(null);
        }
        // While writes fail, entries wait here; the store would keep only the newest MaxEntries of them anyway, so older ones
        // are let go now and memory stays bounded however long the outage.
        if (_journal.Count > _retention.MaxEntries)
        {
            var dropped = _journal.Count - _retention.MaxEntries;
            foreach (var pending in _journal.Take(dropped))
                pending.Written?.TrySetException(new InvalidOperationException("the store could not write the entry before newer ones replaced it"));
            _journal.RemoveRange(0, dropped);
        }
        var hosts = new List<HostSnapshot>();
        // Apart, not as pairs: a list of pairs of 16 bytes would be a large object at MaxHostsPerWrite.
        var entries = new List<HostEntry>();
        var bodyVersions = new List<long>();
        var copyBodies = _commits.WantsBodies;
        while (hosts.Count < MaxHostsPerWrite && _registry.TryTakeDirty(out var entry))
        {
            lock (entry.Sync)
            {
                entry.Dirty = false;
                if (!entry.Removed)
                {
                    hosts.Add(new HostSnapshot(HostSnapshots.Take(entry, copyBodies), entry.State));
                    entries.Add(entry);
                    bodyVersions.Add(entry.BodyVersion);
                }
            }
        }
        more = hosts.Count == MaxHostsPerWrite;
        // Copies: a store may keep the batch, and the lists are reused.
        var outbox = new List<OutboxRequest>();
        for (var i = 0; i < _journal.Count; i++)
        {
            foreach (var routed in _journal[i].Notify)
                outbox.Add(new OutboxRequest(i, 0, routed.Channel, routed.Message.Repeat, routed.Message));
        }
        var batch = new StoreBatch([.. hosts.Select(h => h.Row)], [.. _journal.Select(p => p.Entry)], [.. _removed], _retention.MaxEntries)
        {
            Outbox = outbox,
            Now = _time.GetUtcNow(),
        };
        if (batch.IsEmpty)
            return false;
        IReadOnlyList<JournalEntry> written;
        var started = _time.GetTimestamp();
        try
        {
            written = _store.Write(batch);
            _health.Writes.Succeeded(_time.GetElapsedTime(started), batch.Hosts.Count, written.Count);
        }
        catch
        {
            _health.Writes.Failed(_time.GetElapsedTime(started));
            foreach (var host in hosts)
                if (_registry.TryGet(host.Name, out var entry))
                    lock (entry.Sync)
                        _registry.MarkDirty(entry);
            throw;
        }
        for (var i = 0; i < entries.Count; i++)
            HostSnapshots.Stored(entries[i], bodyVersions[i], _registry.Bodies);
        _commits.Publish(_time.GetUtcNow(), hosts, written, batch.RemovedHosts);
        for (var i = 0; i < _journal.Count; i++)
            _journal[i].Written?.TrySetResult(written[i]);
        _journal.Clear();
        _removed.Clear();
        if (outbox.Count > 0)
            _signal?.Pulse();
        return true;
    }

    /// <summary>A new entry joins the pending ones, routed once: a write that fails and is tried again keeps the decision.</summary>
    private void Take(PendingEntry pending)
    {
        if (_router is null || pending.Routed)
        {
            _journal.Add(pending);
            return;
        }
        _router.Route(pending.Entry, _routed);
        TakeRouted(pending.Written);
    }

    /// <summary>The router's entries: the first may be one somebody waits for; the others are what it caused.</summary>
    private void TakeRouted(TaskCompletionSource<JournalEntry>? written)
    {
        foreach (var routed in _routed)
        {
            _journal.Add(new PendingEntry(routed.Entry, written, Routed: true) { Notify = routed.Notify });
            written = null;
        }
        _routed.Clear();
    }

    private void PruneWhenDue()
    {
        var now = _time.GetUtcNow();
        if (now - _lastPrune < PruneInterval)
            return;
        _lastPrune = now;
        _store.PruneJournal(now - _retention.MaxAge, _retention.MaxEntries);
        _store.PruneOutbox(now - OutboxKeep);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "stopping while store writes fail; not written: the latest host states and journal entries ({Pending}); "
            + "last error: {Reason}")]
    private static partial void LogStoppedUnwritten(ILogger logger, int pending, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pruning the journal or the outbox failed, next try in an hour: {Reason}")]
    private static partial void LogPruneFailed(ILogger logger, string reason);
}

/// <summary>
/// A journal entry waiting for the next write, who waits for its id, if anyone, and the notifications it was routed to
/// (<see cref="Routed"/>: decided already, or never to be).
/// </summary>
internal readonly record struct PendingEntry(JournalEntry Entry, TaskCompletionSource<JournalEntry>? Written, bool Routed = false)
{
    public IReadOnlyList<RoutedMessage> Notify { get; init; } = [];
}

/// <summary>How much journal to keep (journal_max_days, journal_max_entries).</summary>
public sealed record JournalRetention(TimeSpan MaxAge, int MaxEntries);
