namespace Hbd.Common.Config;

/// <summary>
/// A value of a configuration file (mapping, list, scalar or null) that knows its file, line and dotted key
/// path, so that every complaint about it can name all three. Typed getters live in ConfigNode.Getters.cs.
/// </summary>
public sealed partial class ConfigNode
{
    private readonly ConfigValue _value;

    internal ConfigNode(ConfigValue value, string? filePath, string path, int line)
    {
        _value = value;
        FilePath = filePath;
        Path = path;
        Line = line;
    }

    /// <summary>The configuration file, or null when the text did not come from a file.</summary>
    public string? FilePath { get; }

    /// <summary>Dotted key path (<c>classes.core.match[0]</c>); empty for the top level.</summary>
    public string Path { get; }

    /// <summary>1-based line where this value starts (the key's line for a null), 0 when unknown.</summary>
    public int Line { get; }

    public ConfigNodeKind Kind => _value.Kind;

    /// <summary>True for <c>~</c>, <c>null</c> or an empty value, which count as absent.</summary>
    public bool IsNull => _value.Kind == ConfigNodeKind.Null;

    /// <summary>The text of a scalar; null for mappings, lists and nulls.</summary>
    public string? Text => _value.Kind == ConfigNodeKind.Scalar ? _value.Text : null;

    /// <summary>A mapping's entries in file order (null values included); empty for anything else.</summary>
    public IReadOnlyList<ConfigEntry> Entries =>
        _value.Entries.Select(e => new ConfigEntry(e.Key, e.Line, Child(e))).ToList();

    /// <summary>A list's items in order; empty for anything else.</summary>
    public IReadOnlyList<ConfigNode> Items =>
        _value.Items.Select((item, i) => new ConfigNode(item, FilePath, $"{Path}[{i}]", item.Line)).ToList();

    /// <summary>True when this mapping has <paramref name="key"/> with a non-null value.</summary>
    public bool Has(string key) => Get(key) is not null;

    /// <summary>The value of <paramref name="key"/>, or null when absent, null, or this is not a mapping.</summary>
    public ConfigNode? Get(string key) =>
        _value.TryGet(key, out var entry) && entry.Value.Kind != ConfigNodeKind.Null ? Child(entry) : null;

    /// <summary>Line of <paramref name="key"/> in this mapping, or this node's line when the key is absent.</summary>
    public int LineOf(string key) => _value.TryGet(key, out var entry) ? entry.Line : Line;

    /// <summary>Dotted path of <paramref name="key"/> below this node.</summary>
    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>An error about this value: <c>FILE:LINE: key 'PATH': DETAIL</c>.</summary>
    public ConfigException Error(string detail) => new(FilePath, Line, Path.Length == 0 ? null : Path, detail);

    /// <summary>An error about <paramref name="key"/> of this mapping, at the key's line (or this node's when absent).</summary>
    public ConfigException ErrorAt(string key, string detail) => new(FilePath, LineOf(key), PathOf(key), detail);

    /// <summary>Short description for messages: <c>a list</c>, <c>a mapping</c>, <c>nothing</c> or the quoted text.</summary>
    public string Describe() => _value.Kind switch
    {
        ConfigNodeKind.Mapping => "a mapping",
        ConfigNodeKind.Sequence => "a list",
        ConfigNodeKind.Null => "nothing",
        _ => Quote(_value.Text ?? ""),
    };

    /// <inheritdoc/>
    public override string ToString() =>
        ConfigException.Format(FilePath, Line, Path.Length == 0 ? null : Path, Describe());

    internal static string Quote(string text)
    {
        const int Max = 40;
        var shown = text.Length > Max ? text[..Max] + "…" : text;
        return "'" + shown.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
    }

    private ConfigNode Child(ConfigValueEntry entry) =>
        new(entry.Value, FilePath, PathOf(entry.Key), entry.Value.Kind == ConfigNodeKind.Null ? entry.Line : entry.Value.Line);
}
