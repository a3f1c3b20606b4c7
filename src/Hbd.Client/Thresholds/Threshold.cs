using Hbd.Common;
using Hbd.Common.Config;

namespace Hbd.Client.Thresholds;

/// <summary>
/// Warning and critical limits of one metric. A value at or past a limit has that level; with
/// <see cref="Below"/> lower is worse (free space, available memory).
/// </summary>
internal sealed record Threshold(double? Warning, double? Critical, bool Below = false)
{
    public AlertLevel Rate(double value)
    {
        if (Critical is { } critical && (Below ? value <= critical : value >= critical))
            return AlertLevel.Critical;
        if (Warning is { } warning && (Below ? value <= warning : value >= warning))
            return AlertLevel.Warning;
        return AlertLevel.Ok;
    }

    /// <summary>Reads `{warning: N, critical: N, below: bool}`; at least one limit, in the right order.</summary>
    /// <param name="node">The mapping.</param>
    /// <param name="itemsKey">A key of per-item overrides (`mounts`) that may sit beside the limits.</param>
    public static Threshold Parse(ConfigNode node, string? itemsKey = null)
    {
        node.AsMap();
        foreach (var entry in node.Entries)
            if (entry.Key is not ("warning" or "critical" or "below") && entry.Key != itemsKey)
                throw node.ErrorAt(entry.Key, "unknown threshold setting: expected warning, critical or below");
        var warning = node.Get("warning") is { IsNull: false } w ? w.AsNumber() : (double?)null;
        var critical = node.Get("critical") is { IsNull: false } c ? c.AsNumber() : (double?)null;
        var below = node.GetBool("below") ?? false;
        if (warning is null && critical is null)
            throw node.Error("a threshold needs 'warning', 'critical' or both");
        if (warning is { } wv && critical is { } cv && (below ? cv > wv : cv < wv))
            throw node.ErrorAt("critical", below
                ? $"with 'below: true' critical ({cv}) must not be above warning ({wv})"
                : $"critical ({cv}) must not be below warning ({wv})");
        return new Threshold(warning, critical, below);
    }
}
