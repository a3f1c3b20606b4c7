using Hbd.Common.Config;

namespace Hbd.Client.Thresholds;

/// <summary>
/// The `thresholds:` section. Named keys cover the usual metrics; `metrics:` reaches any other by
/// group pattern and name. A key the user sets replaces its default entirely.
/// </summary>
internal static class ThresholdConfig
{
    private static readonly Threshold DefaultFullness = new(85, 95);

    /// <summary>key → (group pattern, metric names) for the simple `{warning, critical}` keys.</summary>
    private static readonly (string Key, string Group, string[] Metrics)[] Simple =
    [
        ("cpu", "cpu", ["usage"]),
        ("iowait", "cpu", ["iowait"]),
        ("load", "cpu", ["load1", "load5", "load15"]),
        ("memory", "memory", ["used_pct"]),
        ("swap", "memory", ["swap_used_pct"]),
    ];

    public static IReadOnlyList<string> Keys { get; } = ["cpu", "iowait", "load", "memory", "swap", "disk", "inodes", "network", "metrics"];

    public static List<ThresholdRule> Read(ConfigNode? section)
    {
        section?.AsMap();
        foreach (var entry in section?.Entries ?? [])
            if (!Keys.Contains(entry.Key))
                throw section!.ErrorAt(entry.Key, $"unknown threshold; expected one of: {string.Join(", ", Keys)}");

        var specific = new List<ThresholdRule>();
        var general = new List<ThresholdRule>();
        if (section?.Get("metrics") is { IsNull: false } metrics)
            foreach (var group in metrics.AsMap().Entries)
                foreach (var metric in group.Value.AsMap().Entries)
                    specific.Add(new ThresholdRule(group.Key, metric.Key, Threshold.Parse(metric.Value)));

        foreach (var (key, group, names) in Simple)
            if (section?.Get(key) is { IsNull: false } node)
                general.AddRange(names.Select(name => new ThresholdRule(group, name, Threshold.Parse(node))));
            else if (key == "memory")
                general.Add(new ThresholdRule(group, "used_pct", DefaultFullness));

        ReadPerItem(section, "disk", "mounts", "disk:", "used_pct", DefaultFullness, specific, general);
        ReadPerItem(section, "inodes", "mounts", "disk:", "inodes_used_pct", DefaultFullness, specific, general);
        ReadNetwork(section?.Get("network"), specific, general);
        return [.. specific, .. general];
    }

    /// <summary>`disk: {warning, critical, mounts: {"/backup": {warning, critical}}}`.</summary>
    private static void ReadPerItem(ConfigNode? section, string key, string itemsKey, string prefix, string metric,
        Threshold fallback, List<ThresholdRule> specific, List<ThresholdRule> general)
    {
        if (section?.Get(key) is not { IsNull: false } node)
        {
            general.Add(new ThresholdRule(prefix + "*", metric, fallback));
            return;
        }
        node.AsMap();
        foreach (var entry in node.Entries)
            if (entry.Key is not ("warning" or "critical" or "below") && entry.Key != itemsKey)
                throw node.ErrorAt(entry.Key, $"unknown threshold setting: expected warning, critical, below or {itemsKey}");
        if (node.Has("below") && !node.Has("warning") && !node.Has("critical"))
            throw node.ErrorAt("below", "'below' needs 'warning' or 'critical' beside it");
        if (node.Get(itemsKey) is { IsNull: false } items)
            foreach (var item in items.AsMap().Entries)
                specific.Add(new ThresholdRule(prefix + item.Key, metric, Threshold.Parse(item.Value)));
        if (node.Has("warning") || node.Has("critical"))
            general.Add(new ThresholdRule(prefix + "*", metric, Threshold.Parse(node, itemsKey)));
    }

    private static readonly string[] NetworkMetrics = ["rx_bps", "tx_bps", "rx_pps", "tx_pps", "errors", "drops"];

    /// <summary>A metric the network plugin sends; a misspelt one would silently rate nothing.</summary>
    private static string NetworkMetric(ConfigNode parent, string name) => NetworkMetrics.Contains(name)
        ? name
        : throw parent.ErrorAt(name, $"unknown network metric; expected one of: {string.Join(", ", NetworkMetrics)}, or interfaces");

    /// <summary>`network: {errors: {...}, drops: {...}, rx_bps: {...}, interfaces: {eth0: {errors: {...}}}}`.</summary>
    private static void ReadNetwork(ConfigNode? node, List<ThresholdRule> specific, List<ThresholdRule> general)
    {
        if (node is null || node.IsNull)
            return;
        foreach (var entry in node.AsMap().Entries)
        {
            if (entry.Key == "interfaces")
            {
                foreach (var iface in entry.Value.AsMap().Entries)
                    foreach (var metric in iface.Value.AsMap().Entries)
                        specific.Add(new ThresholdRule("net:" + iface.Key, NetworkMetric(iface.Value, metric.Key), Threshold.Parse(metric.Value)));
            }
            else
            {
                general.Add(new ThresholdRule("net:*", NetworkMetric(node, entry.Key), Threshold.Parse(entry.Value)));
            }
        }
    }
}
