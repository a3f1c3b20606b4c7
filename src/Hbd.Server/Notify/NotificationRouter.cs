using Hbd.Common;
using Hbd.Common.Config;
using Hbd.Server.Config;
using Hbd.Server.Journal;
using Hbd.Server.Silences;

namespace Hbd.Server.Notify;

/// <summary>
/// Decides, as the store writer takes each journal entry, which channels hear of it, so the decision is written with the
/// entry (docs/configuration.md, notifications). Rules route events × hosts × levels to channels; a silenced host or one
/// of a class with <c>notify: false</c> is journaled and not notified; a flapping host gets one message, then quiet until it
/// is stable; more than <c>outage_threshold</c> hosts down within <c>outage_window</c> become one outage summary, their
/// recoveries one more; a host that stays down is reminded of every <c>repeat_after</c>. Used by the store writer's thread
/// alone.
/// </summary>
public sealed class NotificationRouter
{
    private readonly NotifyOptions _options;
    private readonly IReadOnlyList<HostClass> _classes;
    private readonly ActiveSilences? _silences;
    private readonly Func<string, string?> _stateOf;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _changes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _flapping = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Reminder> _down = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _levelNotified = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<(DateTimeOffset Time, string Host)> _recentDowns = new();
    private Outage? _outage;
    private DateTimeOffset _nextLook = DateTimeOffset.MinValue;

    /// <summary>How often the hosts are looked through at the latest, for what nothing announced (a host forgotten).</summary>
    private static readonly TimeSpan Rescan = TimeSpan.FromSeconds(10);

    /// <param name="options">Channels, rules and limits.</param>
    /// <param name="classes">Host classes; one with <c>notify: false</c> keeps its hosts quiet.</param>
    /// <param name="silences">Silences in force (none in tests that do not need them).</param>
    /// <param name="stateOf">The host's state now (up, late, down, unknown), or null for a host no longer tracked.</param>
    public NotificationRouter(NotifyOptions options, IReadOnlyList<HostClass> classes, ActiveSilences? silences, Func<string, string?> stateOf)
    {
        _options = options;
        _classes = classes;
        _silences = silences;
        _stateOf = stateOf;
    }

    public NotifyOptions Options => _options;

    /// <summary>Hosts tracked for flapping, reminders and outages: bounded by the hosts that changed state recently.</summary>
    public int Tracked => _changes.Count + _down.Count;

    /// <summary>The entry itself, routed, then any entry it causes (a flapping notice, an outage summary), in journal order.</summary>
    public void Route(JournalEntry entry, List<RoutedEntry> output)
    {
        var host = entry.Host;
        var quiet = host is not null && IsQuiet(host, entry.Time);
        var notify = !quiet;
        var followUps = new List<RoutedEntry>();
        if (host is not null && entry.Kind is JournalKinds.HostDown or JournalKinds.HostUp or JournalKinds.HostLate)
        {
            if (TrackFlapping(host, entry, followUps, quiet))
                notify = false;
            if (entry.Kind == JournalKinds.HostDown)
            {
                if (!quiet && TrackOutage(host, entry, followUps))
                    notify = false;
                if (notify && _options.RepeatAfter > TimeSpan.Zero)
                {
                    _down[host] = new Reminder(entry.Time, entry.Time + _options.RepeatAfter, 0);
                    LookAt(entry.Time + _options.RepeatAfter);
                }
            }
            else if (entry.Kind == JournalKinds.HostUp)
            {
                _down.Remove(host);
                if (_outage?.Recover(host, entry.Time) == true)
                    notify = false;
            }
        }
        output.Add(new RoutedEntry(entry, notify ? Messages(entry) : []));
        output.AddRange(followUps);
    }

    /// <summary>What time brings: reminders of hosts still down, hosts stable again after flapping, an outage's recoveries.</summary>
    public void Tick(DateTimeOffset now, List<RoutedEntry> output)
    {
        if (_outage is { } outage && outage.RecoveryDue(now, _options.OutageWindow) is { } over)
        {
            output.Add(new RoutedEntry(over, Messages(over)));
            if (outage.Finished)
                _outage = null;
        }
        // The store writer ticks 4 times a second; the hosts are looked through only when one of them is due.
        if (now < _nextLook)
            return;
        _nextLook = now + Rescan;
        foreach (var (host, since) in _flapping.ToList())
        {
            if (now - since < _options.FlapWindow)
            {
                LookAt(since + _options.FlapWindow);
                continue;
            }
            _flapping.Remove(host);
            var state = _stateOf(host);
            if (state is null)
                continue;
            var entry = new JournalEntry(0, now, host, NotifyEvents.FlappingOver, state == "up" ? "ok" : "critical",
                $"{host} is stable again: {state} for {DurationParser.Format(_options.FlapWindow)}");
            output.Add(new RoutedEntry(entry, IsQuiet(host, now) ? [] : Messages(entry)));
        }
        foreach (var (host, reminder) in _down.ToList())
        {
            if (now < reminder.Next)
            {
                LookAt(reminder.Next);
                continue;
            }
            if (_stateOf(host) != "down")
            {
                _down.Remove(host);
                continue;
            }
            var count = reminder.Count + 1;
            _down[host] = reminder with { Next = reminder.Next + _options.RepeatAfter, Count = count };
            LookAt(reminder.Next + _options.RepeatAfter);
            if (IsQuiet(host, now) || _flapping.ContainsKey(host))
                continue;
            var entry = new JournalEntry(0, now, host, NotifyEvents.StillDown, "critical",
                $"{host} is still down, for {Durations.Format(now - reminder.Since)} (reminder {count})");
            output.Add(new RoutedEntry(entry, Messages(entry) is var messages ? [.. messages.Select(m => m with { Message = m.Message with { Repeat = count } })] : []));
        }
        TrimChanges(now);
    }

    /// <summary>Something falls due at <paramref name="time"/>: the next tick after it looks through the hosts.</summary>
    private void LookAt(DateTimeOffset time)
    {
        if (time < _nextLook)
            _nextLook = time;
    }

    private bool IsQuiet(string host, DateTimeOffset now)
    {
        foreach (var hostClass in _classes)
        {
            if (hostClass.Matches(host))
            {
                if (hostClass.Notify == false)
                    return true;
                break;
            }
        }
        return _silences?.SilencedUntil(host, now) is not null;
    }

    /// <summary>True when the host flaps (now or from this change on): its state changes are journaled, not notified.</summary>
    private bool TrackFlapping(string host, JournalEntry entry, List<RoutedEntry> followUps, bool quiet)
    {
        if (_options.FlapCount == 0)
            return false;
        if (!_changes.TryGetValue(host, out var times))
            _changes[host] = times = new Queue<DateTimeOffset>();
        times.Enqueue(entry.Time);
        while (times.Count > 0 && entry.Time - times.Peek() > _options.FlapWindow)
            times.Dequeue();
        if (_flapping.ContainsKey(host))
        {
            _flapping[host] = entry.Time; // stable means a whole window without a change
            LookAt(entry.Time + _options.FlapWindow);
            return true;
        }
        if (times.Count <= _options.FlapCount)
            return false;
        _flapping[host] = entry.Time;
        LookAt(entry.Time + _options.FlapWindow);
        _down.Remove(host);
        var flapping = new JournalEntry(0, entry.Time, host, NotifyEvents.Flapping, "warning",
            $"{host} is flapping: {times.Count} state changes within {DurationParser.Format(_options.FlapWindow)}; "
            + $"no more messages about it until it is stable for {DurationParser.Format(_options.FlapWindow)}");
        followUps.Add(new RoutedEntry(flapping, quiet ? [] : Messages(flapping)));
        return true;
    }

    /// <summary>True when this host_down is part of an outage: the summary speaks for it.</summary>
    private bool TrackOutage(string host, JournalEntry entry, List<RoutedEntry> followUps)
    {
        _recentDowns.Enqueue((entry.Time, host));
        while (_recentDowns.Count > 0 && entry.Time - _recentDowns.Peek().Time > _options.OutageWindow)
            _recentDowns.Dequeue();
        if (_outage is { } outage && outage.Accepts(entry.Time, _options.OutageWindow))
        {
            outage.Add(host, entry.Time);
            return true;
        }
        if (_recentDowns.Count <= _options.OutageThreshold)
            return false;
        _outage = new Outage(entry.Time);
        foreach (var (time, down) in _recentDowns)
            _outage.Add(down, time);
        var hosts = _recentDowns.Select(d => d.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var summary = new JournalEntry(0, entry.Time, null, NotifyEvents.Outage, "critical",
            $"{hosts.Count} hosts down within {DurationParser.Format(_options.OutageWindow)}\n{Outage.List(hosts)}\n"
            + "Further hosts going down now are in this outage; their recoveries come as one summary.");
        followUps.Add(new RoutedEntry(summary, Messages(summary)));
        foreach (var down in hosts)
            _down.Remove(down);
        return true;
    }

    /// <summary>The entry's message for each channel of every rule it matches.</summary>
    private List<RoutedMessage> Messages(JournalEntry entry)
    {
        var channels = new List<string>();
        var level = AlertLevels.TryParse(entry.Level, out var parsed) ? parsed : (AlertLevel?)null;
        foreach (var rule in _options.Rules)
        {
            if (!rule.Events.Contains(entry.Kind) || !HostsMatch(rule, entry.Host) || !LevelMatches(rule, entry, level))
                continue;
            foreach (var channel in rule.Channels)
                if (!channels.Contains(channel))
                    channels.Add(channel);
        }
        TrackLevel(entry, level);
        if (channels.Count == 0)
            return [];
        var state = entry.Kind switch
        {
            JournalKinds.HostDown or NotifyEvents.StillDown => "down",
            JournalKinds.HostUp => "up",
            JournalKinds.HostLate => "late",
            _ => entry.Host is null ? null : _stateOf(entry.Host),
        };
        var message = NotificationText.For(entry, state, _options.PublicUrl);
        return [.. channels.Select(c => new RoutedMessage(c, message))];
    }

    private static bool HostsMatch(NotifyRule rule, string? host) =>
        rule.Hosts.Count == 0 || (host is not null && rule.Hosts.Any(p => p.IsMatch(host)));

    /// <summary>A level change matches at or above the rule's level, and also when it clears a level that was notified.</summary>
    private bool LevelMatches(NotifyRule rule, JournalEntry entry, AlertLevel? level)
    {
        if (rule.MinLevel is not { } min)
            return true;
        if (level is { } l && AlertLevels.Severity(l) >= AlertLevels.Severity(min))
            return true;
        return entry.Kind == JournalKinds.LevelChanged && entry.Host is not null && _levelNotified.Contains(entry.Host);
    }

    private void TrackLevel(JournalEntry entry, AlertLevel? level)
    {
        if (entry.Kind != JournalKinds.LevelChanged || entry.Host is null)
            return;
        var raised = level is { } l && _options.Rules.Any(r => r.Events.Contains(JournalKinds.LevelChanged) && r.MinLevel is { } min
            && AlertLevels.Severity(l) >= AlertLevels.Severity(min));
        if (raised)
            _levelNotified.Add(entry.Host);
        else
            _levelNotified.Remove(entry.Host);
    }

    /// <summary>Hosts without a state change for a flap window are forgotten: memory follows the hosts that change.</summary>
    private void TrimChanges(DateTimeOffset now)
    {
        if (_changes.Count == 0)
            return;
        foreach (var (host, times) in _changes.ToList())
        {
            while (times.Count > 0 && now - times.Peek() > _options.FlapWindow)
                times.Dequeue();
            if (times.Count == 0)
                _changes.Remove(host);
        }
    }

    private readonly record struct Reminder(DateTimeOffset Since, DateTimeOffset Next, int Count);
}
