namespace Hbd.Common.Config;

/// <summary>Typed reading of configuration values; every wrong type or value becomes a <see cref="ConfigException"/>.</summary>
public sealed partial class ConfigNode
{
    private const string DurationHint = "a duration (seconds, or e.g. 500ms, 90s, 5m, 4h, 7d, 1h30m)";

    /// <summary>The string value of <paramref name="key"/> (numbers and booleans as written), or null when absent.</summary>
    public string? GetString(string key) => Get(key)?.AsString();

    /// <summary>The integer value of <paramref name="key"/> within [<paramref name="min"/>, <paramref name="max"/>], or null.</summary>
    public int? GetInt(string key, int min = int.MinValue, int max = int.MaxValue) => Get(key)?.AsInt(min, max);

    /// <summary>The boolean value of <paramref name="key"/> (true/false, yes/no, on/off), or null.</summary>
    public bool? GetBool(string key) => Get(key)?.AsBool();

    /// <summary>The duration value of <paramref name="key"/> (see <see cref="DurationParser"/>), or null.</summary>
    public TimeSpan? GetDuration(string key, TimeSpan? min = null, TimeSpan? max = null) => Get(key)?.AsDuration(min, max);

    /// <summary>A list of strings, or a single string taken as a list of one; null when absent.</summary>
    public IReadOnlyList<string>? GetStringList(string key) => Get(key)?.AsStringList();

    /// <summary>The mapping under <paramref name="key"/>, or null when absent.</summary>
    public ConfigNode? GetMap(string key) => Get(key)?.AsMap();

    /// <summary>The items of the list under <paramref name="key"/>, or null when absent.</summary>
    public IReadOnlyList<ConfigNode>? GetList(string key) => Get(key)?.AsList();

    /// <summary>
    /// A file-system path: <c>~</c> expands to $HOME, and a relative path is taken relative to the
    /// configuration file's directory (the current directory when there is no file). Null when absent.
    /// </summary>
    public string? GetPath(string key) => Get(key)?.AsPath();

    public string AsString() =>
        Kind == ConfigNodeKind.Scalar ? _value.Text! : throw Error($"expected a string, found {Describe()}");

    public int AsInt(int min = int.MinValue, int max = int.MaxValue)
    {
        var text = AsScalarText("a whole number");
        if (!ScalarParser.TryParseInteger(text, out var value, out var overflow))
            throw Error(overflow ? $"number {Quote(text)} is out of range{Range(min, max)}" : $"expected a whole number, found {Quote(text)}");
        if (value < min || value > max)
            throw Error($"{value} is out of range{Range(min, max)}");
        return (int)value;
    }

    /// <summary>A finite decimal number (1, 0.5, 1e9).</summary>
    public double AsNumber()
    {
        var text = AsScalarText("a number").Replace("_", "", StringComparison.Ordinal);
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value)
            ? value
            : throw Error($"expected a number, found {Quote(text)}");
    }

    public bool AsBool()
    {
        var text = AsScalarText("true or false");
        return ScalarParser.TryParseBool(text, out var value) ? value : throw Error($"expected true or false, found {Quote(text)}");
    }

    public TimeSpan AsDuration(TimeSpan? min = null, TimeSpan? max = null)
    {
        var text = AsScalarText(DurationHint);
        if (!DurationParser.TryParse(text, out var value))
            throw Error($"expected {DurationHint}, found {Quote(text)}");
        if (value < min)
            throw Error($"{Quote(text)} is too short: must be at least {DurationParser.Format(min.Value)}");
        if (value > max)
            throw Error($"{Quote(text)} is too long: must be at most {DurationParser.Format(max.Value)}");
        return value;
    }

    public IReadOnlyList<string> AsStringList() => Kind switch
    {
        ConfigNodeKind.Scalar => [_value.Text!],
        ConfigNodeKind.Sequence => Items.Select(item => item.Kind == ConfigNodeKind.Scalar
            ? item.Text!
            : throw item.Error($"expected a string, found {item.Describe()}")).ToList(),
        _ => throw Error($"expected a list of strings, found {Describe()}"),
    };

    public ConfigNode AsMap() =>
        Kind == ConfigNodeKind.Mapping ? this : throw Error($"expected a mapping (key: value), found {Describe()}");

    public IReadOnlyList<ConfigNode> AsList() =>
        Kind == ConfigNodeKind.Sequence ? Items : throw Error($"expected a list, found {Describe()}");

    public string AsPath()
    {
        var text = AsString().Trim();
        if (text.Length == 0)
            throw Error("expected a path, found an empty string");
        if (text.Any(char.IsControl))
            throw Error($"not a valid path: {Describe()} contains a control character");
        var expanded = ConfigFileLocator.ExpandHome(text);
        try
        {
            if (System.IO.Path.IsPathRooted(expanded))
                return System.IO.Path.GetFullPath(expanded);
            var baseDir = FilePath is null ? null : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(FilePath));
            return System.IO.Path.GetFullPath(expanded, baseDir ?? Directory.GetCurrentDirectory());
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException)
        {
            throw Error($"not a valid path: {e.Message}");
        }
    }

    private string AsScalarText(string expected) =>
        Kind == ConfigNodeKind.Scalar ? _value.Text! : throw Error($"expected {expected}, found {Describe()}");

    private static string Range(int min, int max) => (min, max) switch
    {
        (int.MinValue, int.MaxValue) => "",
        (_, int.MaxValue) => $": must be at least {min}",
        (int.MinValue, _) => $": must be at most {max}",
        _ => $": must be between {min} and {max}",
    };
}
