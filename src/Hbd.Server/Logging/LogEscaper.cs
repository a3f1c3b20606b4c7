using System.Globalization;

namespace Hbd.Server.Logging;

/// <summary>
/// Writes text into a log line with everything that could break the line or take over a terminal
/// escaped: C0 controls, DEL, C1 controls, the Unicode line and paragraph separators and the bidi
/// controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). Host names, agent messages and
/// error texts come from peers; written raw, a CR or an escape sequence could forge or hide lines.
/// </summary>
internal static class LogEscaper
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="writer"/>, escaped; runs of safe characters go out in one write.</summary>
    public static void Write(TextWriter writer, ReadOnlySpan<char> text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c))
                continue;
            writer.Write(text[start..i]);
            WriteEscape(writer, c);
            start = i + 1;
        }
        writer.Write(text[start..]);
    }

    /// <summary>The escaped text, for tests and the rare caller without a writer.</summary>
    public static string Escape(string text)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, text);
        return writer.ToString();
    }

    public static bool NeedsEscape(char c) =>
        c < ' ' || c is '\\' or >= '\u007f' and <= '\u009f' or '\u061c' or '\u200e' or '\u200f'
            or '\u2028' or '\u2029' or >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';

    // The backslash is doubled so that the escaping can be undone exactly: a peer's literal "\n" stays
    // distinguishable from an escaped line feed.
    private static void WriteEscape(TextWriter writer, char c)
    {
        switch (c)
        {
            case '\\': writer.Write(@"\\"); break;
            case '\n': writer.Write(@"\n"); break;
            case '\r': writer.Write(@"\r"); break;
            case '\t': writer.Write(@"\t"); break;
            case < '\u0100': writer.Write(string.Create(CultureInfo.InvariantCulture, $@"\x{(int)c:x2}")); break;
            default: writer.Write(string.Create(CultureInfo.InvariantCulture, $@"\u{(int)c:x4}")); break;
        }
    }
}
