using System.Globalization;

namespace Hbd.Client.Checks;

/// <summary>
/// A Nagios threshold range (<c>10</c>, <c>10:</c>, <c>~:10</c>, <c>10:20</c>, <c>@10:20</c>): a value alerts when it lies
/// outside <c>start..end</c>, or inside it (inclusive) when the range starts with <c>@</c>.
/// </summary>
internal readonly record struct NagiosRange(double Start, double End, bool AlertInside)
{
    /// <summary>Parses a range; empty text, garbage and a start above the end are refused.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NagiosRange range)
    {
        range = default;
        var s = text.Trim();
        var inside = !s.IsEmpty && s[0] == '@';
        if (inside)
            s = s[1..];
        if (s.IsEmpty)
            return false;

        double start = 0;
        double end;
        var colon = s.IndexOf(':');
        if (colon < 0)
        {
            if (!TryNumber(s, out end))
                return false;
        }
        else
        {
            var head = s[..colon];
            var tail = s[(colon + 1)..];
            if (head is "~")
                start = double.NegativeInfinity;
            else if (!head.IsEmpty && !TryNumber(head, out start))
                return false;
            if (tail.IsEmpty)
                end = double.PositiveInfinity;
            else if (!TryNumber(tail, out end))
                return false;
        }
        if (start > end)
            return false;
        range = new NagiosRange(start, end, inside);
        return true;
    }

    /// <summary>True when <paramref name="value"/> should raise an alert under this range.</summary>
    public bool Alerts(double value)
    {
        if (double.IsNaN(value))
            return false;
        var within = value >= Start && value <= End;
        return AlertInside ? within : !within;
    }

    private static bool TryNumber(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        // Plain decimal notation only: "1e3", "NaN" and "Infinity" are not Nagios numbers.
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && c is not '.' and not '-' and not '+')
                return false;
        }
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
