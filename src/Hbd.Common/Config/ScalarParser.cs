using System.Globalization;

namespace Hbd.Common.Config;

/// <summary>YAML 1.1 style readings of scalar text as integers and booleans, independent of quoting.</summary>
public static class ScalarParser
{
    /// <summary>Decimal integer with optional sign and <c>_</c> digit separators (<c>1_000_000</c>).</summary>
    public static bool TryParseInteger(string text, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        var s = text.AsSpan().Trim();
        var digits = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (digits.IsEmpty || !char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[^1]))
            return false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c) && c != '_')
                return false;
        }
        var clean = s.ToString().Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return true;
        overflow = true;
        return false;
    }

    /// <summary><c>true/false</c>, <c>yes/no</c>, <c>on/off</c>, any case.</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
