using Hbd.Server.Journal;

namespace Hbd.Server.Notify;

/// <summary>
/// Many hosts down at once: the hosts in it, the last time one went down (a host going down within a window of that
/// joins it), and the recoveries not yet summarised. One summary is sent for the recoveries once they settle (no recovery
/// for a window) or when every host is back.
/// </summary>
internal sealed class Outage(DateTimeOffset started)
{
    private readonly DateTimeOffset _started = started;
    private const int ListedHosts = 20;
    private readonly Dictionary<string, bool> _hosts = new(StringComparer.OrdinalIgnoreCase); // host → recovered
    private readonly List<string> _recovered = [];
    private DateTimeOffset _lastDown;
    private DateTimeOffset _lastRecovery;

    public bool Finished => _hosts.Count > 0 && _hosts.Values.All(r => r);

    public bool Accepts(DateTimeOffset time, TimeSpan window) => time - (_lastDown == default ? _started : _lastDown) <= window;

    public void Add(string host, DateTimeOffset time)
    {
        _hosts[host] = false;
        _lastDown = time > _lastDown ? time : _lastDown;
    }

    /// <summary>True when the host is one of this outage's: its recovery goes into the summary.</summary>
    public bool Recover(string host, DateTimeOffset time)
    {
        if (!_hosts.TryGetValue(host, out var recovered) || recovered)
            return false;
        _hosts[host] = true;
        _recovered.Add(host);
        _lastRecovery = time;
        return true;
    }

    /// <summary>The recoveries' summary when it is due, or null.</summary>
    public JournalEntry? RecoveryDue(DateTimeOffset now, TimeSpan window)
    {
        if (_recovered.Count == 0 || (!Finished && now - _lastRecovery < window))
            return null;
        var stillDown = _hosts.Where(h => !h.Value).Select(h => h.Key).ToList();
        var text = Finished
            ? $"all {_hosts.Count} hosts back up, {Durations.Format(now - _started)} after the outage began\n{List(_recovered)}"
            : $"{_recovered.Count} of {_hosts.Count} hosts back up\n{List(_recovered)}\nstill down: {List(stillDown)}";
        _recovered.Clear();
        return new JournalEntry(0, now, null, NotifyEvents.OutageOver, Finished ? "ok" : "critical", text);
    }

    public static string List(IReadOnlyList<string> hosts) =>
        hosts.Count <= ListedHosts ? string.Join(", ", hosts) : string.Join(", ", hosts.Take(ListedHosts)) + $" and {hosts.Count - ListedHosts} more";
}
