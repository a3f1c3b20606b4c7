using System.Text;

namespace Hbd.Client.Linux;

/// <summary>The operating system identification from os-release(5), with the defaults that page prescribes.</summary>
internal sealed record OsRelease(IReadOnlyDictionary<string, string> Values)
{
    /// <summary>Where os-release lives, relative to the root; the first that exists wins.</summary>
    public static IReadOnlyList<string> Locations { get; } = ["etc/os-release", "usr/lib/os-release"];

    public string Name => Get("NAME") ?? "Linux";

    public string Id => Get("ID") ?? "linux";

    public string PrettyName => Get("PRETTY_NAME") ?? "Linux";

    /// <summary>VERSION_ID ("12"), else VERSION ("12 (bookworm)"); null on rolling releases that set neither.</summary>
    public string? Version => Get("VERSION_ID") ?? Get("VERSION");

    private string? Get(string key) => Values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}

/// <summary>
/// Parses os-release(5): <c>KEY=value</c> lines in shell quoting (double quotes with <c>\" \\ \$ \`</c> escapes,
/// single quotes literal), comments and blank lines ignored. Never throws: a malformed line is skipped.
/// </summary>
internal static class OsReleaseParser
{
    public static OsRelease Parse(ReadOnlySpan<char> text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var buffer = new StringBuilder();
        foreach (var rawLine in text.EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#')
                continue;
            var equals = line.IndexOf('=');
            if (equals <= 0 || !IsKey(line[..equals]))
                continue;
            if (TryUnquote(line[(equals + 1)..], buffer))
                values[line[..equals].ToString()] = buffer.ToString();
        }
        return new OsRelease(values);
    }

    private static bool IsKey(ReadOnlySpan<char> key)
    {
        if (char.IsAsciiDigit(key[0]))
            return false;
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                return false;
        }
        return true;
    }

    // A shell word: quoted and unquoted parts may follow each other ("a"'b'c); unquoted whitespace ends it.
    private static bool TryUnquote(ReadOnlySpan<char> raw, StringBuilder value)
    {
        value.Clear();
        var quote = '\0';
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            switch (quote)
            {
                case '\'':
                    if (c == '\'')
                        quote = '\0';
                    else
                        value.Append(c);
                    break;
                case '"':
                    if (c == '"')
                        quote = '\0';
                    else if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is '"' or '\\' or '$' or '`')
                        value.Append(raw[++i]);
                    else
                        value.Append(c);
                    break;
                default:
                    if (c is '"' or '\'')
                        quote = c;
                    else if (c == '\\' && i + 1 < raw.Length)
                        value.Append(raw[++i]);
                    else if (char.IsWhiteSpace(c))
                        return true;
                    else
                        value.Append(c);
                    break;
            }
        }
        // An unterminated quote is malformed; the line is skipped rather than guessed at.
        return quote == '\0';
    }
}
