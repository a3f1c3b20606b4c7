using Hbd.Common;

namespace Hbd.Client.Checks;

/// <summary>
/// One performance data item, <c>'label'=value[UOM];warn;crit;min;max</c>, as the plugin gave it: the value is not
/// converted by its unit, and warn and crit stay Nagios range text. <see cref="Value"/> is null for the literal <c>U</c>
/// (value could not be determined).
/// </summary>
internal sealed record PerfDataItem(string Label, double? Value, string Uom, string? Warn, string? Crit, double? Min, double? Max)
{
    /// <summary>CRITICAL when the value alerts under <see cref="Crit"/>, else WARNING under <see cref="Warn"/>, else OK.</summary>
    /// <remarks>A range that does not parse is treated as absent: the plugin's exit code still rates the check.</remarks>
    public AlertLevel Level()
    {
        if (Value is not { } value)
            return AlertLevel.Ok;
        if (Crit is not null && NagiosRange.TryParse(Crit, out var crit) && crit.Alerts(value))
            return AlertLevel.Critical;
        if (Warn is not null && NagiosRange.TryParse(Warn, out var warn) && warn.Alerts(value))
            return AlertLevel.Warning;
        return AlertLevel.Ok;
    }
}
