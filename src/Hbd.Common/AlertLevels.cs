namespace Hbd.Common;

/// <summary>Ordering and names of <see cref="AlertLevel"/>.</summary>
public static class AlertLevels
{
    /// <summary>Critical beats Warning beats Unknown beats Ok, as Nagios ranks them for a host.</summary>
    public static AlertLevel Worst(AlertLevel a, AlertLevel b) => Severity(a) >= Severity(b) ? a : b;

    public static int Severity(AlertLevel level) => level switch
    {
        AlertLevel.Ok => 0,
        AlertLevel.Unknown => 1,
        AlertLevel.Warning => 2,
        AlertLevel.Critical => 3,
        _ => 1,
    };

    public static string Name(AlertLevel level) => level switch
    {
        AlertLevel.Ok => "ok",
        AlertLevel.Warning => "warning",
        AlertLevel.Critical => "critical",
        _ => "unknown",
    };

    public static bool TryParse(string? text, out AlertLevel level)
    {
        level = text?.ToUpperInvariant() switch
        {
            "OK" => AlertLevel.Ok,
            "WARNING" or "WARN" => AlertLevel.Warning,
            "CRITICAL" or "CRIT" => AlertLevel.Critical,
            "UNKNOWN" => AlertLevel.Unknown,
            _ => (AlertLevel)255,
        };
        return (byte)level <= 3;
    }
}
