using System.Globalization;

namespace Hbd.Client.Checks;

/// <summary>
/// Parses Nagios performance data: items <c>'label'=value[UOM];warn;crit;min;max</c> separated by spaces. Labels with
/// spaces are quoted with <c>'</c>, a quote inside one is written <c>''</c>. An item that does not follow the format
/// (no <c>=</c>, no number, a decimal comma, digits in the unit) is skipped and the rest are kept; this never throws.
/// </summary>
internal static class PerfDataParser
{
    public static IReadOnlyList<PerfDataItem> Parse(string? perfData)
    {
        var items = new List<PerfDataItem>();
        if (string.IsNullOrEmpty(perfData))
            return items;
        var s = perfData.AsSpan();
        var i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            if (i >= s.Length)
                return items;
            if (TryReadLabel(s, ref i, out var label) && i < s.Length && s[i] == '=')
            {
                i++;
                var start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i]))
                    i++;
                if (TryReadData(label, s[start..i], out var item))
                    items.Add(item);
            }
            else
            {
                // Garbage: skip to the next space and try again from there.
                while (i < s.Length && !char.IsWhiteSpace(s[i]))
                    i++;
            }
        }
    }

    private static bool TryReadLabel(ReadOnlySpan<char> s, ref int i, out string label)
    {
        label = "";
        if (s[i] != '\'')
        {
            var start = i;
            while (i < s.Length && s[i] != '=' && !char.IsWhiteSpace(s[i]))
                i++;
            label = s[start..i].ToString();
            return label.Length > 0;
        }

        var text = new System.Text.StringBuilder();
        i++;
        while (i < s.Length)
        {
            if (s[i] == '\'')
            {
                if (i + 1 < s.Length && s[i + 1] == '\'')
                {
                    text.Append('\'');
                    i += 2;
                    continue;
                }
                i++;
                label = text.ToString();
                return label.Length > 0;
            }
            text.Append(s[i]);
            i++;
        }
        return false; // unterminated quote
    }

    private static bool TryReadData(string label, ReadOnlySpan<char> data, out PerfDataItem item)
    {
        item = null!;
        var fields = new string?[5];
        var count = 0;
        foreach (var range in data.Split(';'))
        {
            if (count == fields.Length)
                break; // anything after max is not part of the format
            var field = data[range];
            fields[count++] = field.IsEmpty ? null : field.ToString();
        }
        if (fields[0] is not { } valueText || !TryReadValue(valueText, out var value, out var uom))
            return false;
        item = new PerfDataItem(label, value, uom, fields[1], fields[2], Number(fields[3]), Number(fields[4]));
        return true;
    }

    private static bool TryReadValue(string text, out double? value, out string uom)
    {
        value = null;
        uom = "";
        if (text == "U")
            return true;
        var end = 0;
        if (end < text.Length && text[end] is '-' or '+')
            end++;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
            end++;
        uom = text[end..];
        // The unit is what follows the number: "1,5" (a decimal comma) or "1.2.3" must not pass as 1 with a unit.
        foreach (var c in uom)
        {
            if (char.IsAsciiDigit(c) || c is ',' or '.' or '=' or '\'')
                return false;
        }
        if (!double.TryParse(text.AsSpan(0, end), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            return false;
        value = number;
        return true;
    }

    private static double? Number(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;
}
