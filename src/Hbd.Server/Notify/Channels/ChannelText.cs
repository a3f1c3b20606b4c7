using System.Text;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// Text as the services take it: cut to their limits with "…" (a service refuses a message over its limit, and a cut message
/// still tells what happened), and services' answers made one short line for <see cref="SendOutcome.Detail"/>.
/// </summary>
internal static class ChannelText
{
    public const char Ellipsis = '…';

    /// <summary>How long a service's answer may be in a detail: enough for an error message, short enough for a table cell.</summary>
    public const int AnswerLength = 200;

    /// <summary>
    /// <paramref name="text"/> at most <paramref name="max"/> UTF-16 units long, ending in "…" when cut; never splits a
    /// surrogate pair (services count characters, and a half pair is not one).
    /// </summary>
    public static string Shorten(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
            return text;
        var keep = max - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            keep--;
        return string.Concat(text.AsSpan(0, keep), Ellipsis.ToString());
    }

    /// <summary>A service's answer as one line: control characters and runs of white space become one space, then shortened.</summary>
    public static string OneLine(string? text, int max = AnswerLength)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var line = new StringBuilder(Math.Min(text.Length, max + 1));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = line.Length > 0;
                continue;
            }
            if (space)
                line.Append(' ');
            space = false;
            line.Append(c);
            if (line.Length > max)
                break;
        }
        return Shorten(line.ToString(), max);
    }
}
