using System.Globalization;

namespace Hbd.Common.Config;

/// <summary>
/// Parses configuration durations: plain seconds (<c>10</c>, <c>0.5</c>) or numbers with units
/// (<c>500ms</c>, <c>90s</c>, <c>5m</c>, <c>4h</c>, <c>7d</c>, <c>1w</c>), combinable as in <c>1h30m</c>.
/// </summary>
public static class DurationParser
{
    // Ten thousand years is far beyond any sensible timeout and far below TimeSpan.MaxValue.
    private const double MaxSeconds = 10_000 * 365.25 * 86_400;

    /// <summary>Parses <paramref name="text"/>; negatives, empty text and garbage are rejected.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null)
            return false;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty)
            return false;

        if (TryParseNumber(s, out var plainSeconds))
            return TryMake(plainSeconds, out duration);

        double total = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
                numberLength++;
            var unitLength = 0;
            while (numberLength + unitLength < s.Length && char.IsAsciiLetter(s[numberLength + unitLength]))
                unitLength++;
            if (numberLength == 0 || unitLength == 0)
                return false;
            if (!TryParseNumber(s[..numberLength], out var value))
                return false;
            var unit = UnitSeconds(s.Slice(numberLength, unitLength));
            if (unit is null)
                return false;
            total += value * unit.Value;
            s = s[(numberLength + unitLength)..];
        }
        return TryMake(total, out duration);
    }

    /// <summary>Formats a duration the way a user would write it (<c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>500ms</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
            return "0s";
        if (duration.Ticks % TimeSpan.TicksPerSecond != 0)
            return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds}ms");
        var parts = new System.Text.StringBuilder();
        var rest = (long)duration.TotalSeconds;
        Append(parts, ref rest, 86_400, "d");
        Append(parts, ref rest, 3_600, "h");
        Append(parts, ref rest, 60, "m");
        Append(parts, ref rest, 1, "s");
        return parts.ToString();
    }

    private static void Append(System.Text.StringBuilder parts, ref long rest, long unit, string suffix)
    {
        if (rest < unit)
            return;
        parts.Append(CultureInfo.InvariantCulture, $"{rest / unit}{suffix}");
        rest %= unit;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        // Digits with at most one decimal point; no sign, exponent, NaN or infinity.
        if (s.IsEmpty || s[0] == '.' && s.Length == 1)
            return false;
        var dots = 0;
        foreach (var c in s)
        {
            if (c == '.')
                dots++;
            else if (!char.IsAsciiDigit(c))
                return false;
        }
        return dots <= 1 && double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static double? UnitSeconds(ReadOnlySpan<char> unit) => unit switch
    {
        "ms" => 0.001,
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        _ => null,
    };

    private static bool TryMake(double seconds, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > MaxSeconds)
            return false;
        duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }
}
