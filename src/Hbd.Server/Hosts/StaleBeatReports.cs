namespace Hbd.Server.Hosts;

/// <summary>
/// Decides when a host's stale drops are worth a journal entry: the first, then at most one per <see cref="Quiet"/>
/// while they go on, so an agent with a wrong clock is named without a row per beat. Bounded: a flood of replayed
/// datagrams for many names tracks at most <see cref="MaxTracked"/> hosts.
/// </summary>
internal sealed class StaleBeatReports
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(10);
    public const int MaxTracked = 10_000;

    private readonly Dictionary<string, long> _lastReportMs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Lock _sync = new();

    public StaleBeatReports() => _bySpan = _lastReportMs.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when a stale drop for <paramref name="host"/> at <paramref name="nowMs"/> should be reported.</summary>
    public bool ShouldReport(ReadOnlySpan<char> host, long nowMs)
    {
        var quietMs = (long)Quiet.TotalMilliseconds;
        lock (_sync)
        {
            if (_bySpan.TryGetValue(host, out var last) && nowMs - last < quietMs)
                return false;
            if (_lastReportMs.Count >= MaxTracked && !_bySpan.ContainsKey(host))
            {
                foreach (var (name, at) in _lastReportMs)
                    if (nowMs - at >= quietMs)
                        _lastReportMs.Remove(name);
                if (_lastReportMs.Count >= MaxTracked)
                    return false;
            }
            _bySpan[host] = nowMs;
            return true;
        }
    }
}
