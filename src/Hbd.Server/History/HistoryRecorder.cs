using System.Collections.Concurrent;
using Hbd.Server.Commits;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.History;

/// <summary>
/// Turns committed beats into stored history. Each new beat of a host adds its values to the host's open minute; a minute
/// that ends (the next beat falls in a later one, or <see cref="Tick"/> finds it over) is encoded as a Raw block. Every
/// settled hour is folded into a block of 1-minute points and every settled day into one of 15-minute points, read back
/// from the store a few hosts at a time; each tier is pruned to its retention. Driven by one thread (the history service,
/// or a test with its own clock); queries read <see cref="Host"/> beside it.
/// </summary>
public sealed partial class HistoryRecorder
{
    /// <summary>Blocks written per transaction: a minute's end closes a block for every host at once.</summary>
    public const int BlocksPerWrite = 5_000;

    /// <summary>Closed blocks held while the store fails; beyond this the oldest are dropped (and counted).</summary>
    public const int MaxPendingBlocks = 200_000;

    /// <summary>A host not heard from for this long lets its open-minute buffers go.</summary>
    private const long SilentAfterMs = 120_000;

    private static readonly long HourMs = HistoryTiers.BlockMs(HistoryTier.Minute);
    private static readonly long DayMs = HistoryTiers.BlockMs(HistoryTier.Quarter);

    private readonly IHistoryStore _store;
    private readonly SeriesCatalog _catalog;
    private readonly HistoryRetention _retention;
    private readonly ILogger _logger;
    private readonly BeatValues _values;
    private readonly ConcurrentDictionary<string, HostHistory> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryBlock> _pending = [];
    private readonly List<HostHistory> _closing = [];
    private readonly List<string> _removed = [];
    private readonly Queue<(string Host, HistoryTier Tier, long StartMs)> _folds = new();
    private long _sweptMinute = long.MinValue;
    private long _hoursScheduled = long.MinValue;
    private long _daysScheduled = long.MinValue;
    private long _prunedAt = long.MinValue;
    private bool _failing;

    public HistoryRecorder(IHistoryStore store, SeriesCatalog catalog, HistoryRetention retention, ILogger logger)
    {
        _store = store;
        _catalog = catalog;
        _retention = retention;
        _logger = logger;
        _values = new BeatValues(catalog);
    }

    public SeriesCatalog Catalog => _catalog;

    public HistoryRetention Retention => _retention;

    public HistoryCounters Counters { get; } = new();

    /// <summary>The host's history state, or null when no beat of it was recorded since the start.</summary>
    public HostHistory? Host(string name) => _hosts.GetValueOrDefault(name);

    public int HostCount => _hosts.Count;

    /// <summary>Folds waiting (hosts × hours or days).</summary>
    public int FoldsWaiting => _folds.Count;

    /// <summary>Every new beat of the batch's hosts; removed hosts lose their history.</summary>
    public void Record(CommittedBatch batch)
    {
        foreach (var row in batch.Beats)
        {
            if (row.Body is { Length: > 0 } body && row.LastSeen is { } seen)
                RecordBeat(row.Name, seen.ToUnixTimeMilliseconds(), (long)row.Interval.TotalMilliseconds, row.RunId, row.Sequence, body);
        }
        foreach (var name in batch.Removed)
            Forget(name);
    }

    /// <summary>One beat as committed. A commit that carries a beat already recorded (the host only changed state) adds nothing.</summary>
    public void RecordBeat(string host, long timeMs, long intervalMs, ulong runId, ulong sequence, ReadOnlyMemory<byte> body)
    {
        var history = _hosts.GetOrAdd(host, static name => new HostHistory(name));
        if (history.LastBeatMs != long.MinValue && history.RunId == runId && history.Sequence == sequence)
            return;
        history.RunId = runId;
        history.Sequence = sequence;
        if (timeMs <= history.LastBeatMs || !_values.Read(body))
            return;
        history.LastBeatMs = timeMs;
        var start = HistoryTiers.BlockStart(HistoryTier.Raw, timeMs);
        lock (history.Sync)
        {
            if (history.Open.Samples > 0 && history.Open.StartMs != start)
                Close(history);
            if (history.Open.Samples == 0)
                history.Open.Reset(start);
            history.Open.Add(timeMs, intervalMs, _values.Ids, _values.Values);
        }
        Counters.Samples++;
    }

    /// <summary>A deleted host: its open minute is dropped and its stored history deleted with the next write.</summary>
    public void Forget(string host)
    {
        if (_hosts.TryRemove(host, out var history))
        {
            lock (history.Sync)
            {
                history.Open.Reset(long.MinValue);
                history.Closing = null;
            }
            _pending.RemoveAll(b => string.Equals(b.Host, host, StringComparison.OrdinalIgnoreCase));
        }
        _removed.Add(host);
    }

    /// <summary>
    /// What is due at <paramref name="nowMs"/>: minutes that ended are closed, settled hours and days are scheduled for folding,
    /// folds run for about <paramref name="foldBudget"/>, and everything closed is written. False when the write failed
    /// (what it held is kept for the next tick).
    /// </summary>
    public bool Tick(long nowMs, TimeSpan foldBudget)
    {
        CloseEndedMinutes(nowMs);
        ScheduleFolds(nowMs);
        Fold(foldBudget);
        return Flush(nowMs);
    }

    /// <summary>Closes and writes every open minute (shutdown).</summary>
    public bool CloseAll(long nowMs)
    {
        foreach (var history in _hosts.Values)
        {
            lock (history.Sync)
            {
                if (history.Open.Samples > 0)
                    Close(history);
            }
        }
        return Flush(nowMs);
    }

    private void CloseEndedMinutes(long nowMs)
    {
        // A beat may arrive a little after its minute ended: give it a few seconds before the minute is closed under it.
        var minute = HistoryTiers.BlockStart(HistoryTier.Raw, nowMs - 5_000);
        if (minute <= _sweptMinute)
            return;
        _sweptMinute = minute;
        foreach (var history in _hosts.Values)
        {
            lock (history.Sync)
            {
                if (history.Open.Samples > 0 && history.Open.StartMs < minute)
                    Close(history);
                // A host silent for a while holds no buffers; one that beats keeps its own from minute to minute.
                if (history.Open.Samples == 0 && nowMs - history.LastBeatMs > SilentAfterMs && history.Open.Bytes > 0)
                    history.Open.Release();
            }
        }
    }

    /// <summary>Under <paramref name="history"/>'s lock: the open minute becomes a Raw block waiting to be written.</summary>
    private void Close(HostHistory history)
    {
        var columns = history.Open.ToColumns();
        var start = history.Open.StartMs;
        var block = new HistoryBlock(history.Name, HistoryTier.Raw, start, columns.Times[^1], HistoryBlockCodec.Encode(HistoryTier.Raw, columns));
        history.Closing = block;
        history.Open.Reset(start);
        _pending.Add(block);
        _closing.Add(history);
        Counters.RawBlocks++;
    }

    private void ScheduleFolds(long nowMs)
    {
        var settledHour = HistoryTiers.BlockStart(HistoryTier.Minute, nowMs - (long)HistoryRetention.HourSettles.TotalMilliseconds) - HourMs;
        if (_hoursScheduled == long.MinValue)
            _hoursScheduled = settledHour - 2 * HourMs; // after a start, the hours whose raw blocks may still be unfolded
        for (; _hoursScheduled < settledHour; _hoursScheduled += HourMs)
            Schedule(HistoryTier.Raw, HistoryTier.Minute, _hoursScheduled + HourMs);

        var settledDay = HistoryTiers.BlockStart(HistoryTier.Quarter, nowMs - (long)HistoryRetention.DaySettles.TotalMilliseconds) - DayMs;
        if (_daysScheduled == long.MinValue)
            _daysScheduled = settledDay - 2 * DayMs; // 1-minute points are kept 48 hours
        for (; _daysScheduled < settledDay; _daysScheduled += DayMs)
            Schedule(HistoryTier.Minute, HistoryTier.Quarter, _daysScheduled + DayMs);
    }

    private void Schedule(HistoryTier from, HistoryTier to, long startMs)
    {
        var length = HistoryTiers.BlockMs(to);
        var done = new HashSet<string>(_store.HostsWithBlocks(to, startMs, startMs + 1), StringComparer.OrdinalIgnoreCase);
        foreach (var host in _store.HostsWithBlocks(from, startMs, startMs + length))
            if (!done.Contains(host))
                _folds.Enqueue((host, to, startMs));
    }

    private void Fold(TimeSpan budget)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (_folds.Count > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(started) < budget)
        {
            var (host, tier, start) = _folds.Dequeue();
            var finer = tier == HistoryTier.Minute ? HistoryTier.Raw : HistoryTier.Minute;
            var length = HistoryTiers.BlockMs(tier);
            var blocks = _store.ReadBlocks(host, finer, start, start + length - 1);
            var columns = new List<HistoryColumns>(blocks.Count);
            foreach (var block in blocks)
            {
                if (HistoryBlockReader.TryDecode(block, _logger) is { } decoded)
                    columns.Add(decoded);
            }
            var points = PointAggregator.Aggregate(columns, HistoryTiers.PointMs(tier), start, start + length);
            if (points.Times.Length == 0)
                continue;
            _pending.Add(new HistoryBlock(host, tier, start, points.Times[^1], HistoryBlockCodec.Encode(tier, points)));
            if (tier == HistoryTier.Minute)
                Counters.MinuteBlocks++;
            else
                Counters.QuarterBlocks++;
        }
    }

    /// <summary>Writes what is waiting; false (logged once while it lasts) when the store refused it.</summary>
    public bool Flush(long nowMs)
    {
        var prune = _folds.Count == 0 && (_prunedAt == long.MinValue || nowMs - _prunedAt >= 60_000);
        var series = _catalog.TakeUnsaved();
        if (_pending.Count == 0 && _removed.Count == 0 && series.Count == 0 && !prune)
            return true;
        try
        {
            var written = 0;
            do
            {
                var count = Math.Min(BlocksPerWrite, _pending.Count - written);
                var last = written + count >= _pending.Count;
                _store.Write(new HistoryBatch
                {
                    NewSeries = written == 0 ? series : [],
                    Blocks = _pending.GetRange(written, count),
                    RemovedHosts = last ? _removed : [],
                    Prune = last && prune ? _retention.Prunes(nowMs) : [],
                });
                written += count;
                if (written == count)
                    series = [];
            }
            while (written < _pending.Count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _catalog.ReturnUnsaved(series);
            Counters.WriteFailures++;
            if (_pending.Count > MaxPendingBlocks)
            {
                var dropped = _pending.Count - MaxPendingBlocks;
                _pending.RemoveRange(0, dropped);
                Counters.BlocksDropped += dropped;
            }
            if (!_failing)
                LogWriteFailed(_logger, e.Message);
            _failing = true;
            return false;
        }
        if (_failing)
            LogWriteRecovered(_logger);
        _failing = false;
        Counters.BlocksWritten += _pending.Count;
        if (prune)
            _prunedAt = nowMs;
        _pending.Clear();
        _removed.Clear();
        foreach (var history in _closing)
        {
            lock (history.Sync)
                history.Closing = null;
        }
        _closing.Clear();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "history: the store cannot be written ({Reason}); closed blocks are kept and written when it recovers")]
    private static partial void LogWriteFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "history: the store is written again")]
    private static partial void LogWriteRecovered(ILogger logger);
}

/// <summary>What the history writer did since the start, for /api/status and /metrics.</summary>
public sealed class HistoryCounters
{
    public long Samples;
    public long RawBlocks;
    public long MinuteBlocks;
    public long QuarterBlocks;
    public long BlocksWritten;
    public long BlocksDropped;
    public long WriteFailures;
    public long Lagged;
}
