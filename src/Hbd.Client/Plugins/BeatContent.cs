using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Client.Plugins;

/// <summary>What the plugins collected for one heartbeat.</summary>
internal sealed class BeatContent
{
    public List<MetricGroup> Metrics { get; } = [];

    public List<CheckResult> Checks { get; } = [];

    /// <summary>Inventory facts by section ("os", "filesystems"); values are strings, numbers, booleans, lists or maps.</summary>
    public SortedDictionary<string, object?> Inventory { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Set when a plugin that contributes inventory failed this time: the inventory would go out with a section
    /// missing, and the server keeps the last inventory whole, so it waits for a complete one.
    /// </summary>
    public bool InventoryIncomplete { get; set; }

    public void Add(string group, params Metric[] values) => Metrics.Add(new MetricGroup(group, values));

    /// <summary>The worst level of all metrics and checks.</summary>
    public AlertLevel WorstLevel()
    {
        var worst = AlertLevel.Ok;
        foreach (var group in Metrics)
            foreach (var metric in group.Values)
                worst = AlertLevels.Worst(worst, metric.Level);
        foreach (var check in Checks)
            worst = AlertLevels.Worst(worst, check.Level);
        return worst;
    }
}
