using System.Text;

namespace Hbd.Client.Checks;

/// <summary>
/// Splits a command given as text with <c>shell: false</c> into argv: words separated by whitespace, where
/// <c>'...'</c> and <c>"..."</c> keep spaces (no escapes inside, no variables, no globbing: it is not a shell).
/// </summary>
internal static class CommandSplitter
{
    /// <summary>The words of <paramref name="text"/>; an unterminated quote or no words at all is a <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } open)
            {
                if (c == open)
                    quote = null;
                else
                    word.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true; // '' is an empty word of its own
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quote is not null)
            throw new FormatException($"unterminated {quote} in '{text}'");
        if (inWord)
            words.Add(word.ToString());
        if (words.Count == 0 || words[0].Length == 0)
            throw new FormatException("the command is empty");
        return words;
    }
}
