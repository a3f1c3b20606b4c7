using Hbd.Common.Config;

namespace Hbd.Server.Metrics;

/// <summary>What <c>/metrics</c> carries per host (<c>metrics_export</c>); the server's own counters are always there.</summary>
public enum MetricsExport
{
    /// <summary>No per-host series.</summary>
    None,

    /// <summary>State, level, last beat, cpu, memory and the fullest disk of every host.</summary>
    Summary,

    /// <summary>The summary and every metric of every host's latest beat.</summary>
    All,
}

/// <summary>Names of <see cref="MetricsExport"/> as the configuration spells them.</summary>
public static class MetricsExports
{
    public const string Key = "metrics_export";

    public static string Name(MetricsExport export) => export switch
    {
        MetricsExport.None => "none",
        MetricsExport.All => "all",
        _ => "summary",
    };

    /// <summary>The value of <c>metrics_export</c>; absent is <see cref="MetricsExport.Summary"/>, anything else a located error.</summary>
    public static MetricsExport Parse(ConfigNode root)
    {
        var node = root.Get(Key);
        return node?.AsString().Trim().ToLowerInvariant() switch
        {
            null => MetricsExport.Summary,
            "summary" => MetricsExport.Summary,
            "all" => MetricsExport.All,
            "none" => MetricsExport.None,
            _ => throw node.Error($"expected 'summary', 'all' or 'none', found {node.Describe()}"),
        };
    }
}

/// <summary>The <c>metrics_export</c> in force: set at start, swapped by a reload (SIGHUP), read by every scrape.</summary>
public sealed class MetricsExportSetting(MetricsExport initial)
{
    private volatile MetricsExport _value = initial;

    public MetricsExport Value
    {
        get => _value;
        set => _value = value;
    }
}
