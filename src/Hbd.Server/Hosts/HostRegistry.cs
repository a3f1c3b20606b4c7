using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Server.Hosts;

/// <summary>
/// All hosts by name (case-insensitive) and their state machine on the heartbeat side; the deadline
/// side lives in <see cref="DeadlineScheduler"/>. Applying a beat to a known host allocates nothing.
/// </summary>
public sealed partial class HostRegistry
{
    private readonly ConcurrentDictionary<string, HostEntry> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HostEntry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly ConcurrentQueue<HostEntry> _dirty = new();
    private readonly ChangeFeed _changes;
    private readonly TimeProvider _time;
    private readonly StaleBeatReports _staleReports = new();
    private MonitorSettings _settings;
    private int _generation;

    public HostRegistry(ChangeFeed changes, TimeProvider time, MonitorSettings settings, BodyBufferPool? bodies = null)
    {
        Bodies = bodies ?? new BodyBufferPool();
        _changes = changes;
        _time = time;
        _settings = settings;
        _bySpan = _hosts.GetAlternateLookup<ReadOnlySpan<char>>();
        StartedAt = time.GetUtcNow();
    }

    /// <summary>Where entries keep the bodies the store does not have yet.</summary>
    public BodyBufferPool Bodies { get; }

    /// <summary>When this server started: the reference time for hosts not heard since.</summary>
    public DateTimeOffset StartedAt { get; }

    public MonitorSettings Settings => Volatile.Read(ref _settings);

    public int Count => _hosts.Count;

    /// <summary>Called when an entry needs a (new) deadline: new hosts and hosts back from down.</summary>
    public event Action<HostEntry>? NeedsDeadline;

    /// <summary>Raised after <see cref="Reconfigure"/>: deadlines computed from the old settings are stale.</summary>
    public event Action? Reconfigured;

    /// <summary>
    /// Every entry, enumerated in place: ConcurrentDictionary.Values would take every lock and copy 200,000 references
    /// per call. Entries added or removed during the enumeration may or may not be seen.
    /// </summary>
    public IEnumerable<HostEntry> All
    {
        get
        {
            foreach (var pair in _hosts)
                yield return pair.Value;
        }
    }

    public bool TryGet(string name, out HostEntry entry) => _hosts.TryGetValue(name, out entry!);

    /// <summary>Whether a host of this (ASCII) name is tracked; allocates nothing.</summary>
    public bool IsKnown(ReadOnlySpan<byte> hostName)
    {
        Span<char> name = stackalloc char[HostNames.MaxLength];
        return _bySpan.ContainsKey(name[..Encoding.ASCII.GetChars(hostName, name)]);
    }

    /// <summary>
    /// Swaps the settings; each host's timeouts are re-resolved at its next beat or evaluation, and
    /// <see cref="Reconfigured"/> has the scheduler evaluate every host at once.
    /// </summary>
    public void Reconfigure(MonitorSettings settings)
    {
        Volatile.Write(ref _settings, settings);
        Interlocked.Increment(ref _generation);
        AddWatchHosts();
        Reconfigured?.Invoke();
    }

    /// <summary>Applies a decoded, verified heartbeat that arrived from <paramref name="source"/>.</summary>
    public BeatOutcome ApplyBeat(in HeartbeatFrame frame, SocketAddress source, bool checkClock)
    {
        var now = _time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var maxSkewMs = (long)Settings.MaxClockSkew.TotalMilliseconds;
        Span<char> name = stackalloc char[HostNames.MaxLength];
        name = name[..Encoding.ASCII.GetChars(frame.HostName.Span, name)];
        if (!_bySpan.TryGetValue(name, out var entry))
        {
            if (_hosts.Count >= Settings.MaxHosts)
                return BeatOutcome.HostLimit;
            // Judged before the entry exists: a refused beat must not leave an empty, never-watched host behind.
            var firstVerdict = default(ReplayWindow).Check(frame.RunId, frame.Sequence, frame.SentAtUnixMs, nowMs, maxSkewMs, checkClock);
            if (firstVerdict == ReplayVerdict.Stale)
                return Stale(name, frame.SentAtUnixMs, now, latestSentAtUnixMs: null);
            entry = _hosts.GetOrAdd(new string(name), static n => new HostEntry(n));
        }
        lock (entry.Sync)
        {
            var verdict = entry.Replay.Check(frame.RunId, frame.Sequence, frame.SentAtUnixMs, nowMs, maxSkewMs, checkClock);
            if (verdict == ReplayVerdict.Replayed)
                return BeatOutcome.Replayed;
            if (verdict == ReplayVerdict.Stale)
                return Stale(name, frame.SentAtUnixMs, now, entry.Replay.HasRun ? entry.Replay.LastSentAtUnixMs : null);
            entry.Replay.Accept(frame.RunId, frame.Sequence, frame.SentAtUnixMs);
            Apply(entry, frame, source, now);
        }
        return BeatOutcome.Accepted;
    }

    /// <summary>Names the first stale drop of a host in a while, with how far off its send time was.</summary>
    private BeatOutcome Stale(ReadOnlySpan<char> name, long sentAtUnixMs, DateTimeOffset now, long? latestSentAtUnixMs)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        if (!_staleReports.ShouldReport(name, nowMs))
            return BeatOutcome.Stale;
        var skew = Settings.MaxClockSkew;
        var outsideSkew = ReplayWindow.IsOutsideSkew(sentAtUnixMs, nowMs, (long)skew.TotalMilliseconds);
        var offsetMs = outsideSkew || latestSentAtUnixMs is not { } latest
            ? SaturatingDifference(sentAtUnixMs, nowMs)
            : SaturatingDifference(sentAtUnixMs, latest);
        _changes.Publish(new HostClockRejected(new string(name), now, offsetMs, BeforeLatest: !outsideSkew, skew));
        return BeatOutcome.Stale;
    }

    private static long SaturatingDifference(long a, long b)
    {
        var difference = (Int128)a - b;
        return (long)Int128.Clamp(difference, long.MinValue, long.MaxValue);
    }

    private void Apply(HostEntry entry, in HeartbeatFrame frame, SocketAddress source, DateTimeOffset now)
    {
        var previousAddress = entry.Address;
        var addressChanged = entry.UpdateAddress(source);
        entry.SetBody(frame.Body.Span, Bodies);
        if (!frame.Inventory.IsEmpty)
        {
            entry.Inventory = frame.Inventory.ToArray();
            entry.InventoryAt = now;
        }
        Heard(entry, TimeSpan.FromMilliseconds(frame.IntervalMs), frame.Level, previousAddress, addressChanged, now);
    }

    /// <summary>
    /// What hearing from a host does to its state, whether by heartbeat or by ping: seen now, judged by this interval, up,
    /// at this level, each change published. Called under the entry's lock, after the address was updated.
    /// </summary>
    private void Heard(HostEntry entry, TimeSpan interval, AlertLevel level, string? previousAddress, bool addressChanged, DateTimeOffset now)
    {
        var firstBeat = entry.FirstSeen is null;
        if (entry.Interval != interval || entry.SettingsGeneration != Generation)
        {
            entry.Interval = interval;
            entry.Timeouts = Settings.TimeoutsFor(entry.Name, interval);
            entry.SettingsGeneration = Generation;
        }
        var previousSeen = entry.LastSeen;
        entry.FirstSeen ??= now;
        entry.LastSeen = now;

        if (firstBeat)
        {
            _changes.Publish(new HostAdded(entry.Name, now, entry.Address, level));
            if (entry.State == HostState.Down) // a watched host that had been declared down, never seen
                _changes.Publish(new HostStateChanged(entry.Name, now, HostState.Down, HostState.Up, now - entry.StateSince));
            entry.Level = level;
        }
        else if (addressChanged)
        {
            _changes.Publish(new HostAddressChanged(entry.Name, now, previousAddress, entry.Address!));
        }

        if (entry.State != HostState.Up)
        {
            BackUp(entry, firstBeat, previousSeen, now);
            NeedsDeadline?.Invoke(entry);
        }

        if (entry.Level != level)
        {
            var from = entry.Level;
            entry.Level = level;
            _changes.Publish(new HostLevelChanged(entry.Name, now, from, level));
        }
        MarkDirty(entry);
    }

    /// <summary>
    /// A beat from a host that is late, down or not heard since start. Unknown → up is silent unless
    /// the store remembered the host as late or down, so a server restart does not announce every host anew.
    /// </summary>
    private void BackUp(HostEntry entry, bool firstBeat, DateTimeOffset? previousSeen, DateTimeOffset now)
    {
        var from = entry.State == HostState.Unknown ? entry.StoredState : entry.State;
        var gone = now - (previousSeen ?? entry.StateSince);
        SetState(entry, HostState.Up, now);
        entry.StoredState = HostState.Up;
        if (!firstBeat && from is HostState.Late or HostState.Down)
            _changes.Publish(new HostStateChanged(entry.Name, now, from, HostState.Up, gone));
    }

    internal static void SetState(HostEntry entry, HostState state, DateTimeOffset now)
    {
        entry.State = state;
        entry.StateSince = now;
    }

    /// <summary>Queues the entry for the store writer once, however many beats arrive before it runs.</summary>
    internal void MarkDirty(HostEntry entry)
    {
        if (entry.Dirty)
            return;
        entry.Dirty = true;
        _dirty.Enqueue(entry);
    }

    /// <summary>Entries changed since the last call; the store writer snapshots each under its lock.</summary>
    public bool TryTakeDirty(out HostEntry entry) => _dirty.TryDequeue(out entry!);

    /// <summary>Puts hosts read from the store back, as unknown until heard (docs/configuration.md, host states).</summary>
    public void Restore(HostEntry entry)
    {
        entry.StoredState = entry.State;
        entry.State = HostState.Unknown;
        entry.StateSince = StartedAt;
        entry.Timeouts = Settings.TimeoutsFor(entry.Name, entry.Interval);
        entry.SettingsGeneration = Generation;
        _hosts[entry.Name] = entry;
        NeedsDeadline?.Invoke(entry);
    }

    /// <summary>Adds watched hosts never seen, as unknown, so they go down if they never report.</summary>
    public void AddWatchHosts()
    {
        foreach (var name in Settings.WatchHosts)
        {
            if (_hosts.ContainsKey(name) || !HostNames.IsValid(name))
                continue;
            var entry = new HostEntry(name) { StateSince = StartedAt, Timeouts = Settings.TimeoutsFor(name, TimeSpan.Zero) };
            if (_hosts.TryAdd(name, entry))
            {
                NeedsDeadline?.Invoke(entry);
                MarkDirty(entry); // committed, so the API lists it before its deadline
            }
        }
    }

    /// <summary>Forgets a host on behalf of <paramref name="by"/> (see <see cref="HostRemoved"/>); false when there is no such host.</summary>
    public bool Remove(string name, string by)
    {
        if (!_hosts.TryRemove(name, out var entry))
            return false;
        lock (entry.Sync)
        {
            entry.Removed = true;
            entry.ForgetBody(Bodies); // the store writer passes removed entries by: it would never give the buffer back
        }
        _changes.Publish(new HostRemoved(entry.Name, _time.GetUtcNow(), by));
        return true;
    }

    /// <summary>Publishes an agent's journal message (hbc -m); it does not count as a heartbeat.</summary>
    public void PostMessage(string host, string text, string? address) =>
        _changes.Publish(new HostMessage(host, _time.GetUtcNow(), text, address));

    internal int Generation => Volatile.Read(ref _generation);

    internal void Publish(HostChange change) => _changes.Publish(change);
}
