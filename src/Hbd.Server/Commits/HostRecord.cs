using Hbd.Server.Hosts;
using Hbd.Server.Metrics;
using Hbd.Server.Store;

namespace Hbd.Server.Commits;

/// <summary>
/// A host as last committed: what the list, the feed and /metrics show of it. A million of these are held at once, so it
/// keeps no view objects (the API's views are made from it when asked) and, as a rule, not the latest beat's body, which
/// the store has: <see cref="CommittedHosts.BodyOf"/> reads it when a host's details are asked for.
/// </summary>
public sealed class HostRecord
{
    /// <summary>Stands for an absent time in the fields below: times as Unix milliseconds, not DateTimeOffset? (24 bytes each).</summary>
    private const long NoTime = long.MinValue;

    private readonly Func<string, byte[]?>? _storedBody;
    private readonly long _firstSeenMs, _lastSeenMs, _stateSinceMs, _inventoryAtMs;
    private MetricSample[]? _metrics;
    private byte[]? _metricsLabel;

    internal HostRecord(PersistedHost row, HostState state, string? os, string? hostClass, HostLoad load, byte[]? body,
        Func<string, byte[]?>? storedBody)
    {
        Name = row.Name;
        Address = row.Address;
        _firstSeenMs = Ms(row.FirstSeen);
        _lastSeenMs = Ms(row.LastSeen);
        Interval = row.Interval;
        _stateSinceMs = row.StateSince.ToUnixTimeMilliseconds();
        Level = row.Level;
        Inventory = row.Inventory;
        _inventoryAtMs = Ms(row.InventoryAt);
        Load = load;
        State = state;
        Os = os;
        Class = hostClass;
        Body = body;
        _storedBody = storedBody;
    }

    public string Name { get; }

    public string? Address { get; }

    public DateTimeOffset? FirstSeen => Time(_firstSeenMs);

    public DateTimeOffset? LastSeen => Time(_lastSeenMs);

    /// <summary>The interval the agent announced; zero for a host never heard from.</summary>
    public TimeSpan Interval { get; }

    public DateTimeOffset StateSince => DateTimeOffset.FromUnixTimeMilliseconds(_stateSinceMs);

    /// <summary>The level as stored (0 ok … 3 unknown).</summary>
    public byte Level { get; }

    /// <summary>The live state (the store keeps the last known one instead of unknown).</summary>
    public HostState State { get; }

    /// <summary>The latest inventory (MessagePack), the same array from commit to commit until a new one comes.</summary>
    public byte[]? Inventory { get; }

    public DateTimeOffset? InventoryAt => Time(_inventoryAtMs);

    /// <summary>The OS name of the host's inventory; the same string from commit to commit until a new inventory comes.</summary>
    public string? Os { get; }

    /// <summary>The first class of the configuration whose patterns match the name; null when none does.</summary>
    public string? Class { get; private set; }

    public HostLoad Load { get; }

    /// <summary>The latest beat's body, kept only while <c>metrics_export: all</c> reads every host's at each scrape.</summary>
    internal byte[]? Body { get; }

    /// <summary>
    /// Every metric of the latest beat, for /metrics with <c>metrics_export: all</c>: decoded at the first scrape that asks, so at
    /// most once per commit of the host, and never when nobody asks (two scrapes at once may both decode; either result is kept).
    /// </summary>
    public ReadOnlySpan<MetricSample> Metrics => _metrics ??= MetricSample.Decode(Body ?? _storedBody?.Invoke(Name));

    /// <summary>The host's label in /metrics (<c>host="NAME"</c>, escaped, UTF-8): made at the first scrape, not for every line.</summary>
    public byte[] MetricsLabel => _metricsLabel ??= PrometheusTextWriter.EncodeLabel("host", Name);

    private static long Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds() ?? NoTime;

    private static DateTimeOffset? Time(long ms) => ms == NoTime ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>The same commit under another class (after a reload changed the classes).</summary>
    internal HostRecord WithClass(string? hostClass)
    {
        var copy = (HostRecord)MemberwiseClone();
        copy.Class = hostClass;
        return copy;
    }
}
