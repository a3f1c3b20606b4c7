using Hbd.Common.Protocol;
using Hbd.Server.Api;

namespace Hbd.Server.Metrics;

/// <summary>One metric of a host's latest beat, as <c>metrics_export: all</c> exports it.</summary>
public readonly record struct MetricSample(string Group, string Metric, double Value)
{
    /// <summary>Every metric of a stored body, in the order the agent sent them; none for a host never heard from.</summary>
    public static MetricSample[] Decode(byte[]? body)
    {
        if (body is not { Length: > 0 })
            return [];
        var groups = HeartbeatReader.ReadBody(body).Metrics;
        var count = 0;
        foreach (var group in groups)
            count += group.Values.Count;
        var samples = new MetricSample[count];
        var i = 0;
        foreach (var group in groups)
        {
            foreach (var metric in group.Values)
                samples[i++] = new MetricSample(group.Name, metric.Name, DisplayNumbers.Shortest(metric.Value));
        }
        return samples;
    }
}
