namespace Hbd.Common.Config;

/// <summary>
/// One parsed YAML value with the line it starts on. Built once by <see cref="ConfigTreeBuilder"/>
/// and never changed afterwards; an alias shares the anchored value, so paths live in <see cref="ConfigNode"/>.
/// </summary>
internal sealed class ConfigValue
{
    private readonly List<ConfigValueEntry>? _entries;
    private readonly Dictionary<string, int>? _index;
    private readonly List<ConfigValue>? _items;

    private ConfigValue(ConfigNodeKind kind, int line, string? text)
    {
        Kind = kind;
        Line = line;
        Text = text;
        if (kind == ConfigNodeKind.Mapping)
        {
            _entries = [];
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
        }
        else if (kind == ConfigNodeKind.Sequence)
        {
            _items = [];
        }
    }

    public static ConfigValue EmptyMapping { get; } = Mapping(0);

    public ConfigNodeKind Kind { get; }

    public int Line { get; }

    /// <summary>The scalar's text (also for nulls such as <c>~</c>); null for mappings and lists.</summary>
    public string? Text { get; }

    /// <summary>Number of values in this subtree with aliases expanded; bounds the work of walking it.</summary>
    public long ExpandedSize { get; private set; } = 1;

    public IReadOnlyList<ConfigValueEntry> Entries => _entries ?? (IReadOnlyList<ConfigValueEntry>)[];

    public IReadOnlyList<ConfigValue> Items => _items ?? (IReadOnlyList<ConfigValue>)[];

    public static ConfigValue Mapping(int line) => new(ConfigNodeKind.Mapping, line, null);

    public static ConfigValue Sequence(int line) => new(ConfigNodeKind.Sequence, line, null);

    public static ConfigValue Scalar(int line, string text, bool isNull) =>
        new(isNull ? ConfigNodeKind.Null : ConfigNodeKind.Scalar, line, text);

    public bool TryGet(string key, out ConfigValueEntry entry)
    {
        if (_index is not null && _index.TryGetValue(key, out var i))
        {
            entry = _entries![i];
            return true;
        }
        entry = default;
        return false;
    }

    public void Add(ConfigValueEntry entry)
    {
        _index!.Add(entry.Key, _entries!.Count);
        _entries.Add(entry);
        ExpandedSize = SaturatingAdd(ExpandedSize, entry.Value.ExpandedSize);
    }

    public void Add(ConfigValue item)
    {
        _items!.Add(item);
        ExpandedSize = SaturatingAdd(ExpandedSize, item.ExpandedSize);
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}

/// <summary>A mapping entry: the key, the line the key is on, and the value.</summary>
internal readonly record struct ConfigValueEntry(string Key, int Line, ConfigValue Value);
