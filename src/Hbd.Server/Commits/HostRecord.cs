using Hbd.Server.Api;
using Hbd.Server.Metrics;

namespace Hbd.Server.Commits;

/// <summary>A host as last committed, with the list view made once per commit rather than once per request.</summary>
public sealed record HostRecord(HostSnapshot Snapshot, HostSummaryView Summary)
{
    private MetricSample[]? _metrics;
    private byte[]? _metricsLabel;

    public string Name => Snapshot.Name;

    /// <summary>
    /// Every metric of the latest beat, for /metrics with <c>metrics_export: all</c>: decoded at the first scrape that asks, so at
    /// most once per commit of the host, and never when nobody asks (two scrapes at once may both decode; either result is kept).
    /// </summary>
    public ReadOnlySpan<MetricSample> Metrics => _metrics ??= MetricSample.Decode(Snapshot.Row.Body);

    /// <summary>The host's label in /metrics (<c>host="NAME"</c>, escaped, UTF-8): made at the first scrape, not for every line.</summary>
    public byte[] MetricsLabel => _metricsLabel ??= PrometheusTextWriter.EncodeLabel("host", Name);
}
