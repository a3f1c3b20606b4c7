using System.Globalization;

namespace Hbd.Client.Linux;

/// <summary>Seconds since boot, and seconds all CPUs together spent idle.</summary>
internal readonly record struct Uptime(double Seconds, double IdleSeconds);

/// <summary>Parses /proc/uptime (<c>2061.44 3982.60</c>). Never throws; the idle column is optional.</summary>
internal static class UptimeParser
{
    public static bool TryParse(ReadOnlySpan<char> text, out Uptime uptime)
    {
        uptime = default;
        Span<double> values = stackalloc double[2];
        var count = 0;
        foreach (var range in text.SplitAny(' ', '\t', '\n'))
        {
            var field = text[range];
            if (field.IsEmpty)
                continue;
            // TryParse also accepts "NaN" and "Infinity", which no kernel writes.
            if (!double.TryParse(field, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out values[count])
                || !double.IsFinite(values[count]))
            {
                break;
            }
            if (++count == values.Length)
                break;
        }
        if (count == 0)
            return false;
        uptime = new Uptime(values[0], values[1]);
        return true;
    }
}
