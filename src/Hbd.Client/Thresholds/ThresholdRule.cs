using Hbd.Client.Plugins;

namespace Hbd.Client.Thresholds;

/// <summary>Which metric a threshold applies to: a group pattern ("disk:*", "disk:/backup") and a metric name.</summary>
internal sealed record ThresholdRule(string GroupPattern, string Metric, Threshold Threshold)
{
    public bool Matches(string group, string metric) => Metric == metric && NameFilter.Matches(GroupPattern, group);
}
