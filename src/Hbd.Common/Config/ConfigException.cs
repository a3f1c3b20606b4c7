namespace Hbd.Common.Config;

/// <summary>
/// A mistake in a configuration file: the one message a program prints before exiting with code 2,
/// formatted <c>FILE:LINE: key 'KEY': DETAIL</c> with unknown parts left out.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
        : this(null, 0, null, "configuration error")
    {
    }

    public ConfigException(string message)
        : this(null, 0, null, message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : this(null, 0, null, message, innerException)
    {
    }

    public ConfigException(string? filePath, int line, string? key, string detail, Exception? innerException = null)
        : base(Format(filePath, line, key, detail), innerException)
    {
        FilePath = filePath;
        Line = line < 0 ? 0 : line;
        Key = string.IsNullOrEmpty(key) ? null : key;
        Detail = detail;
    }

    /// <summary>The configuration file, or null when the text did not come from a file.</summary>
    public string? FilePath { get; }

    /// <summary>1-based line of the mistake, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>Dotted path of the offending key (<c>classes.core.down_after</c>), or null.</summary>
    public string? Key { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Detail { get; }

    /// <summary>Formats <c>FILE:LINE: key 'KEY': DETAIL</c>, leaving out the parts that are unknown.</summary>
    public static string Format(string? filePath, int line, string? key, string detail)
    {
        var location = Location(filePath, line);
        var parts = new List<string>(3);
        if (location is not null)
            parts.Add(location);
        if (!string.IsNullOrEmpty(key))
            parts.Add($"key '{key}'");
        parts.Add(detail);
        return string.Join(": ", parts);
    }

    /// <summary><c>FILE:LINE</c>, <c>FILE</c>, <c>line N</c> or null, depending on what is known.</summary>
    public static string? Location(string? filePath, int line)
    {
        if (filePath is not null)
            return line > 0 ? $"{filePath}:{line}" : filePath;
        return line > 0 ? $"line {line}" : null;
    }
}
