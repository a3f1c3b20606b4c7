using Hbd.Server.Hosts;
using Hbd.Server.Metrics;
using Hbd.Server.Store;

namespace Hbd.Server.Commits;

/// <summary>
/// A host as last committed: the stored row, its live state, and what the list shows besides, read once per commit. A
/// million of these are held at once, so it keeps no view objects: the API's views are made from it when asked.
/// </summary>
public sealed class HostRecord
{
    private MetricSample[]? _metrics;
    private byte[]? _metricsLabel;

    internal HostRecord(PersistedHost row, HostState state, string? os, string? hostClass, HostLoad load)
    {
        Row = row;
        State = state;
        Os = os;
        Class = hostClass;
        Load = load;
    }

    public PersistedHost Row { get; }

    /// <summary>The live state (the stored row keeps the last known one instead of unknown).</summary>
    public HostState State { get; }

    /// <summary>The OS name of the host's inventory; the same string from commit to commit until a new inventory comes.</summary>
    public string? Os { get; }

    /// <summary>The first class of the configuration whose patterns match the name; null when none does.</summary>
    public string? Class { get; }

    public HostLoad Load { get; }

    public string Name => Row.Name;

    /// <summary>
    /// Every metric of the latest beat, for /metrics with <c>metrics_export: all</c>: decoded at the first scrape that asks, so at
    /// most once per commit of the host, and never when nobody asks (two scrapes at once may both decode; either result is kept).
    /// </summary>
    public ReadOnlySpan<MetricSample> Metrics => _metrics ??= MetricSample.Decode(Row.Body);

    /// <summary>The host's label in /metrics (<c>host="NAME"</c>, escaped, UTF-8): made at the first scrape, not for every line.</summary>
    public byte[] MetricsLabel => _metricsLabel ??= PrometheusTextWriter.EncodeLabel("host", Name);

    /// <summary>The same commit under another class (after a reload changed the classes).</summary>
    internal HostRecord WithClass(string? hostClass) => new(Row, State, Os, hostClass, Load);
}
