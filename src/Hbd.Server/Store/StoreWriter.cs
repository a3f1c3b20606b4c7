using System.Collections.Concurrent;
using System.Threading.Channels;
using Hbd.Server.Hosts;
using Hbd.Server.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Store;

/// <summary>
/// Writes changed hosts and new journal entries to the store in one transaction every
/// <see cref="FlushInterval"/>, off the receive path; a crash loses at most that much.
/// </summary>
public sealed partial class StoreWriter : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private readonly IStore _store;
    private readonly HostRegistry _registry;
    private readonly ChannelReader<HostChange> _changes;
    private readonly ConcurrentQueue<JournalEntry> _notes = new();

    // What a failed write left unwritten, written first and in order next time; touched by the flushing thread only.
    private readonly List<JournalEntry> _journal = [];
    private readonly List<string> _removed = [];
    private readonly TimeProvider _time;
    private readonly JournalRetention _retention;
    private readonly ILogger<StoreWriter> _logger;
    private DateTimeOffset _lastPrune;

    public StoreWriter(IStore store, HostRegistry registry, ChangeFeed feed, TimeProvider time, JournalRetention retention,
        ILogger<StoreWriter> logger)
    {
        _store = store;
        _registry = registry;
        _changes = feed.Subscribe();
        _time = time;
        _retention = retention;
        _logger = logger;
        _lastPrune = time.GetUtcNow() - PruneInterval + TimeSpan.FromMinutes(1);
    }

    /// <summary>Adds an entry that is not about a host change (config reloads, API messages).</summary>
    public void Append(JournalEntry entry) => _notes.Enqueue(entry);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                FlushSafely();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        FlushSafely(); // whatever came in before the stop is kept
    }

    private void FlushSafely()
    {
        try
        {
            Flush();
            PruneWhenDue();
        }
        catch (Exception e)
        {
            // Nothing is lost: the hosts stay dirty and are written with the next batch.
            LogWriteFailed(_logger, e);
        }
    }

    /// <summary>Writes everything pending now.</summary>
    public void Flush()
    {
        while (_changes.TryRead(out var change))
        {
            if (JournalText.For(change) is { } entry)
                _journal.Add(entry);
            if (change is HostRemoved gone)
                _removed.Add(gone.Host);
        }
        while (_notes.TryDequeue(out var note))
            _journal.Add(note);
        var hosts = new List<PersistedHost>();
        while (_registry.TryTakeDirty(out var entry))
        {
            lock (entry.Sync)
            {
                entry.Dirty = false;
                if (!entry.Removed)
                    hosts.Add(HostSnapshots.Take(entry));
            }
        }
        try
        {
            _store.Write(new StoreBatch(hosts, [.. _journal], [.. _removed], _retention.MaxEntries)); // copies: a store may keep the batch
        }
        catch
        {
            foreach (var host in hosts)
                if (_registry.TryGet(host.Name, out var entry))
                    lock (entry.Sync)
                        _registry.MarkDirty(entry);
            throw;
        }
        _journal.Clear();
        _removed.Clear();
    }

    private void PruneWhenDue()
    {
        var now = _time.GetUtcNow();
        if (now - _lastPrune < PruneInterval)
            return;
        _lastPrune = now;
        _store.PruneJournal(now - _retention.MaxAge, _retention.MaxEntries);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing to the store failed; will retry")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}

/// <summary>How much journal to keep (journal_max_days, journal_max_entries).</summary>
public sealed record JournalRetention(TimeSpan MaxAge, int MaxEntries);
