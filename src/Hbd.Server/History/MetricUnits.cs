namespace Hbd.Server.History;

/// <summary>
/// The unit of a metric the agent's own plugins send, by its name (docs/protocol.md §3.2). Check perfdata carries no unit
/// in a beat, so metrics of <c>check:</c> groups have none.
/// </summary>
public static class MetricUnits
{
    public static string? Of(string group, string metric)
    {
        if (group.StartsWith("check:", StringComparison.Ordinal))
            return null;
        if (metric is "usage" or "iowait" or "steal" || metric.EndsWith("_pct", StringComparison.Ordinal))
            return "%";
        if (metric.EndsWith("_bps", StringComparison.Ordinal))
            return "B/s";
        if (metric.EndsWith("_pps", StringComparison.Ordinal))
            return "packets/s";
        return metric switch
        {
            "total" or "available" or "size" or "used" or "free" or "swap_total" => "B",
            "errors" or "drops" or "rx_errors" or "tx_errors" or "rx_drops" or "tx_drops" => "/s",
            "uptime" => "s",
            _ => null,
        };
    }
}
