using Hbd.Common;

namespace Hbd.Server.Hosts;

/// <summary>What the registry did with a ping.</summary>
public enum PingOutcome
{
    Accepted,
    HostLimit,
}

public sealed partial class HostRegistry
{
    /// <summary>
    /// A heartbeat over HTTP (GET or POST /api/ping/{name}): what a beat does to the host's state, without a body. The host
    /// is seen from <paramref name="address"/>, judged by <paramref name="interval"/>, up and ok; it is made on its first
    /// ping. A ping carries no metrics, so the host's last ones are let go rather than shown as if current.
    /// <paramref name="name"/> must be a valid host name.
    /// </summary>
    public PingOutcome ApplyPing(string name, string address, TimeSpan interval)
    {
        var now = _time.GetUtcNow();
        if (!_hosts.TryGetValue(name, out var entry))
        {
            if (_hosts.Count >= Settings.MaxHosts)
                return PingOutcome.HostLimit;
            entry = _hosts.GetOrAdd(name, static n => new HostEntry(n));
        }
        lock (entry.Sync)
        {
            var previousAddress = entry.Address;
            var addressChanged = entry.SetAddress(address);
            entry.SetBody([], Bodies);
            Heard(entry, interval, AlertLevel.Ok, previousAddress, addressChanged, now);
        }
        return PingOutcome.Accepted;
    }
}
