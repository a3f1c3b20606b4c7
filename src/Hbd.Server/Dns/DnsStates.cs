namespace Hbd.Server.Dns;

/// <summary>
/// The DNS state of every dyndns host, shared by the updater (which changes it under <see cref="Sync"/>) and the readers:
/// GET /api/hosts/{name} and /metrics. Empty when dynamic DNS is off.
/// </summary>
public sealed class DnsStates
{
    private readonly Dictionary<string, DnsHostState> _hosts;
    private long _updated;
    private long _failed;

    public DnsStates(DnsOptions options)
    {
        _hosts = new(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, name) in options.Hosts)
            _hosts[host] = new DnsHostState(host, name);
    }

    internal Lock Sync { get; } = new();

    /// <summary>Updates answered NoError since the start.</summary>
    public long Updated => Interlocked.Read(ref _updated);

    /// <summary>Updates that failed (an error answer, no answer, or a network error) since the start.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal DnsHostState? Find(string host) => _hosts.GetValueOrDefault(host);

    /// <summary>The host's DNS state, or null when the host has no dynamic DNS name.</summary>
    public DnsStateView? View(string host)
    {
        if (Find(host) is not { } state)
            return null;
        lock (Sync)
            return state.View();
    }

    /// <summary>Every dyndns host and whether DNS holds its address, for /metrics.</summary>
    public IReadOnlyList<(string Host, bool Synced)> Synced()
    {
        lock (Sync)
            return [.. _hosts.Values.Select(s => (s.Host, s.Synced)).OrderBy(s => s.Host, StringComparer.Ordinal)];
    }

    internal void CountUpdated() => Interlocked.Increment(ref _updated);

    internal void CountFailed() => Interlocked.Increment(ref _failed);
}
