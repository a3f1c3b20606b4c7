using Hbd.Server.Api;
using Hbd.Server.Metrics;

namespace Hbd.Server.Commits;

/// <summary>A host as last committed, with the list view made once per commit rather than once per request.</summary>
public sealed record HostRecord(HostSnapshot Snapshot, HostSummaryView Summary)
{
    private MetricSample[]? _metrics;

    public string Name => Snapshot.Name;

    /// <summary>
    /// Every metric of the latest beat, for /metrics with <c>metrics_export: all</c>: decoded at the first scrape that asks, so at
    /// most once per commit of the host, and never when nobody asks (two scrapes at once may both decode; either result is kept).
    /// </summary>
    public IReadOnlyList<MetricSample> Metrics => _metrics ??= MetricSample.Decode(Snapshot.Row.Body);
}
