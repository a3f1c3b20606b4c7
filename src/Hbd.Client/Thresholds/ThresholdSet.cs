using Hbd.Client.Plugins;
using Hbd.Common.Config;
using Hbd.Common.Protocol;

namespace Hbd.Client.Thresholds;

/// <summary>
/// Rates collected metrics against the configured thresholds. The first rule that
/// matches a metric decides, so per-mount, per-interface and per-metric overrides come first.
/// </summary>
internal sealed class ThresholdSet(IReadOnlyList<ThresholdRule> rules)
{
    public IReadOnlyList<ThresholdRule> Rules { get; } = rules;

    /// <summary>Sets each metric's level; metrics without a rule stay as the plugin rated them.</summary>
    public void Apply(BeatContent beat)
    {
        for (var g = 0; g < beat.Metrics.Count; g++)
        {
            var group = beat.Metrics[g];
            Metric[]? rated = null;
            for (var m = 0; m < group.Values.Count; m++)
            {
                var metric = group.Values[m];
                var rule = Find(group.Name, metric.Name);
                if (rule is null)
                    continue;
                rated ??= [.. group.Values];
                rated[m] = metric with { Level = Hbd.Common.AlertLevels.Worst(metric.Level, rule.Threshold.Rate(metric.Value)) };
            }
            if (rated is not null)
                beat.Metrics[g] = group with { Values = rated };
        }
    }

    public ThresholdRule? Find(string group, string metric)
    {
        foreach (var rule in Rules)
            if (rule.Matches(group, metric))
                return rule;
        return null;
    }

    /// <summary>What applies without a `thresholds` section: full disks, inodes and memory.</summary>
    public static ThresholdSet Defaults { get; } = Parse(null);

    public static ThresholdSet Parse(ConfigNode? section) => new(ThresholdConfig.Read(section));
}
