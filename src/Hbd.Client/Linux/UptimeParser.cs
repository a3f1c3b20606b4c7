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
        if (LeadingDecimals.Read(text, values) == 0)
            return false;
        uptime = new Uptime(values[0], values[1]);
        return true;
    }
}
