using System.Globalization;

namespace Hbd.Client.Linux;

/// <summary>The whitespace-separated decimal numbers at the start of a one-line /proc file (loadavg, uptime).</summary>
internal static class LeadingDecimals
{
    /// <summary>Fills <paramref name="values"/> from the leading fields; returns how many were read before the first non-number.</summary>
    public static int Read(ReadOnlySpan<char> text, Span<double> values)
    {
        var count = 0;
        foreach (var range in text.SplitAny(' ', '\t', '\n'))
        {
            var field = text[range];
            if (field.IsEmpty)
                continue;
            // TryParse also accepts "NaN" and "Infinity", which no kernel writes.
            if (count == values.Length
                || !double.TryParse(field, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value))
            {
                break;
            }
            values[count++] = value;
        }
        return count;
    }
}
