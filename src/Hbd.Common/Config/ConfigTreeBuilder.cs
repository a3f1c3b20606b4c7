using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hbd.Common.Config;

/// <summary>
/// Turns YAML parser events into a <see cref="ConfigValue"/> tree. Works on the event stream (no reflection,
/// so it runs under Native AOT) and without recursion, so depth, size, duplicate keys and alias bombs are
/// caught here as <see cref="ConfigException"/> with the file and line, before anything else sees them.
/// </summary>
internal sealed class ConfigTreeBuilder
{
    private const string NullTag = "tag:yaml.org,2002:null";
    private const string MergeKey = "<<";

    private readonly string? _file;
    private readonly int _maxDepth;
    private readonly long _maxValues;
    private readonly Stack<Frame> _stack = new();
    private readonly Dictionary<string, ConfigValue> _anchors = new(StringComparer.Ordinal);
    private ConfigValue? _root;
    private long _values;
    private int _line;

    private ConfigTreeBuilder(string? file, int maxDepth, long maxValues)
    {
        _file = file;
        _maxDepth = maxDepth;
        _maxValues = maxValues;
    }

    /// <summary>Parses <paramref name="text"/>; returns null for a stream without a document (empty, comments only).</summary>
    public static ConfigValue? Build(string text, string? file, int maxDepth, long maxValues)
    {
        var builder = new ConfigTreeBuilder(file, maxDepth, maxValues);
        try
        {
            return builder.Run(text);
        }
        catch (ConfigException)
        {
            throw;
        }
        catch (YamlException e)
        {
            var line = e.Start.Line > 0 && e.Start.Line <= int.MaxValue ? (int)e.Start.Line : builder._line;
            // The scanner reports tab errors at the start of the enclosing token, not at the tab.
            if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
                line = FirstTabIndentedLine(text, line) ?? line;
            throw new ConfigException(file, line, null, "invalid YAML: " + e.Message, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet throws a bare InvalidOperationException on some unfinished documents (servers: [a, b);
            // its message means nothing to a user, and in hbc's trimmed build it is only a resource key.
            throw new ConfigException(file, builder._line, null,
                "invalid YAML: the document is not well formed (an unclosed bracket, brace or quote?)", e);
        }
    }

    private static int? FirstTabIndentedLine(string text, int fromLine)
    {
        var line = 1;
        var atLineStart = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                atLineStart = true;
            }
            else if (c == '\t' && atLineStart && line >= fromLine)
            {
                return line;
            }
            else if (c != ' ')
            {
                atLineStart = false;
            }
        }
        return null;
    }

    private ConfigValue? Run(string text)
    {
        var parser = new Parser(new StringReader(text));
        var documents = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            _line = e.Start.Line is > 0 and <= int.MaxValue ? (int)e.Start.Line : _line;
            switch (e)
            {
                case DocumentStart when ++documents > 1:
                    throw Error(null, "only one YAML document is allowed per file (found a second '---')");
                case MappingStart m:
                    Open(ConfigValue.Mapping(_line), m.Anchor);
                    break;
                case SequenceStart s:
                    Open(ConfigValue.Sequence(_line), s.Anchor);
                    break;
                case MappingEnd or SequenceEnd:
                    Close();
                    break;
                case Scalar s:
                    OnScalar(s);
                    break;
                case AnchorAlias a:
                    if (!_anchors.TryGetValue(a.Value.Value, out var target))
                        throw Error(CurrentPath(), $"unknown alias '*{a.Value.Value}' (anchors must be defined before use)");
                    Count(target.ExpandedSize);
                    Complete(target, isPlainUntagged: false);
                    break;
            }
        }
        return _root;
    }

    private void OnScalar(Scalar s)
    {
        var plain = s.Style == ScalarStyle.Plain;
        var isNull = s.Tag.IsEmpty
            ? plain && s.Value is "" or "~" or "null" or "Null" or "NULL"
            : s.Tag.Value == NullTag;
        var value = ConfigValue.Scalar(_line, s.Value, isNull);
        Count(1);
        Remember(s.Anchor, value);
        Complete(value, isPlainUntagged: plain && s.Tag.IsEmpty);
    }

    private void Open(ConfigValue container, AnchorName anchor)
    {
        if (_stack.Count >= _maxDepth)
            throw Error(CurrentPath(), $"nested more than {_maxDepth} levels deep");
        Count(1);
        _stack.Push(new Frame(container, CurrentPath() ?? "", anchor));
    }

    private void Close()
    {
        var frame = _stack.Pop();
        if (frame.Merges is not null)
        {
            foreach (var source in frame.Merges)
            {
                foreach (var entry in source.Entries)
                {
                    if (frame.Value.TryGet(entry.Key, out _))
                        continue;
                    Count(entry.Value.ExpandedSize);
                    frame.Value.Add(entry);
                }
            }
        }
        Remember(frame.Anchor, frame.Value);
        Complete(frame.Value, isPlainUntagged: false);
    }

    private void Remember(AnchorName anchor, ConfigValue value)
    {
        if (!anchor.IsEmpty)
            _anchors[anchor.Value] = value;
    }

    private void Complete(ConfigValue value, bool isPlainUntagged)
    {
        if (_stack.Count == 0)
        {
            _root = value;
            return;
        }
        var top = _stack.Peek();
        if (top.Value.Kind == ConfigNodeKind.Sequence)
        {
            top.Value.Add(value);
        }
        else if (!top.HasKey)
        {
            AcceptKey(top, value, isPlainUntagged);
        }
        else
        {
            AcceptValue(top, value);
        }
    }

    private void AcceptKey(Frame top, ConfigValue key, bool isPlainUntagged)
    {
        if (key.Kind is ConfigNodeKind.Mapping or ConfigNodeKind.Sequence)
            throw Error(top.Path.Length == 0 ? null : top.Path, "mapping keys must be plain strings, not lists or mappings");
        var text = key.Text ?? "";
        if (text.Length == 0)
            throw Error(top.Path.Length == 0 ? null : top.Path, "empty mapping key");
        var isMerge = isPlainUntagged && text == MergeKey;
        if (!isMerge && top.Value.TryGet(text, out var first))
            throw Error(Join(top.Path, text), $"duplicate key (first defined at line {first.Line})");
        top.HasKey = true;
        top.Key = text;
        top.KeyLine = key.Line;
        top.KeyIsMerge = isMerge;
    }

    private void AcceptValue(Frame top, ConfigValue value)
    {
        top.HasKey = false;
        if (top.KeyIsMerge)
        {
            top.Merges ??= [];
            if (value.Kind == ConfigNodeKind.Mapping)
            {
                top.Merges.Add(value);
                return;
            }
            if (value.Kind == ConfigNodeKind.Sequence && value.Items.All(i => i.Kind == ConfigNodeKind.Mapping))
            {
                top.Merges.AddRange(value.Items);
                return;
            }
            throw Error(Join(top.Path, MergeKey), "a merge key '<<' needs a mapping or a list of mappings");
        }
        // A null written as an empty value would otherwise point at the next line.
        if (value.Kind == ConfigNodeKind.Null && value.Line != top.KeyLine)
            value = ConfigValue.Scalar(top.KeyLine, value.Text ?? "", isNull: true);
        top.Value.Add(new ConfigValueEntry(top.Key, top.KeyLine, value));
    }

    private void Count(long values)
    {
        _values = values > long.MaxValue - _values ? long.MaxValue : _values + values;
        if (_values > _maxValues)
            throw Error(null, $"document too large: more than {_maxValues} values (aliases expanded)");
    }

    /// <summary>Dotted path of the value about to be read, or null at the top.</summary>
    private string? CurrentPath()
    {
        if (_stack.Count == 0)
            return null;
        var top = _stack.Peek();
        if (top.Value.Kind == ConfigNodeKind.Sequence)
            return $"{top.Path}[{top.Value.Items.Count}]";
        return top.HasKey ? Join(top.Path, top.Key) : NullIfEmpty(top.Path);
    }

    private ConfigException Error(string? key, string detail) => new(_file, _line, key, detail);

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string? NullIfEmpty(string path) => path.Length == 0 ? null : path;

    private sealed class Frame(ConfigValue value, string path, AnchorName anchor)
    {
        public ConfigValue Value { get; } = value;

        public string Path { get; } = path;

        public AnchorName Anchor { get; } = anchor;

        public bool HasKey { get; set; }

        public string Key { get; set; } = "";

        public int KeyLine { get; set; }

        public bool KeyIsMerge { get; set; }

        public List<ConfigValue>? Merges { get; set; }
    }
}
