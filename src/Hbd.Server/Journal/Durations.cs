using System.Globalization;

namespace Hbd.Server.Journal;

/// <summary>Durations for people: "42s", "3m12s", "2h5m", "3d4h".</summary>
public static class Durations
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
            span = TimeSpan.Zero;
        var seconds = (long)Math.Round(span.TotalSeconds);
        var inv = CultureInfo.InvariantCulture;
        return seconds switch
        {
            < 60 => string.Create(inv, $"{seconds}s"),
            < 3600 => string.Create(inv, $"{seconds / 60}m{seconds % 60}s"),
            < 86400 => string.Create(inv, $"{seconds / 3600}h{seconds % 3600 / 60}m"),
            _ => string.Create(inv, $"{seconds / 86400}d{seconds % 86400 / 3600}h"),
        };
    }
}
