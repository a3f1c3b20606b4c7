namespace Hbd.Client.Linux;

/// <summary>Run-queue averages over 1, 5 and 15 minutes.</summary>
internal readonly record struct LoadAverage(double One, double Five, double Fifteen);

/// <summary>Parses /proc/loadavg (<c>0.28 0.47 0.24 1/85 4071</c>). Never throws.</summary>
internal static class LoadAvgParser
{
    public static bool TryParse(ReadOnlySpan<char> text, out LoadAverage load)
    {
        load = default;
        Span<double> values = stackalloc double[3];
        if (LeadingDecimals.Read(text, values) < values.Length)
            return false;
        load = new LoadAverage(values[0], values[1], values[2]);
        return true;
    }
}
