using System.Collections;
using System.Globalization;

namespace Hbd.Client.Plugins;

/// <summary>
/// One plugin's settings (<c>plugins: {cpu: {per_core: true}}</c>) as plain values: strings, booleans, numbers,
/// lists and maps. Scalars may arrive as text (YAML), so <c>"true"</c> and <c>"42"</c> are read like <c>true</c> and 42.
/// A value of the wrong type is a <see cref="FormatException"/> naming the key.
/// </summary>
internal sealed class PluginSettings
{
    private readonly Dictionary<string, object?> _values;

    public PluginSettings(IEnumerable<KeyValuePair<string, object?>> values) =>
        _values = new Dictionary<string, object?>(values, StringComparer.Ordinal);

    /// <summary>No settings: every getter returns its fallback.</summary>
    public static PluginSettings Empty { get; } = new([]);

    public IEnumerable<string> Keys => _values.Keys;

    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>true/false, yes/no, on/off (any case), or the fallback when absent or null.</summary>
    public bool GetBool(string key, bool fallback) => Find(key) switch
    {
        null => fallback,
        bool flag => flag,
        string text when text.Trim().ToUpperInvariant() is "TRUE" or "YES" or "ON" => true,
        string text when text.Trim().ToUpperInvariant() is "FALSE" or "NO" or "OFF" => false,
        var other => throw WrongType(key, "true or false", other),
    };

    public long GetInt64(string key, long fallback) => Find(key) switch
    {
        null => fallback,
        int or long or short or byte or sbyte or ushort or uint => Convert.ToInt64(_values[key], CultureInfo.InvariantCulture),
        string text when long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        var other => throw WrongType(key, "a whole number", other),
    };

    public double GetDouble(string key, double fallback) => Find(key) switch
    {
        null => fallback,
        double or float or int or long or short or byte or sbyte or ushort or uint or ulong or decimal =>
            Convert.ToDouble(_values[key], CultureInfo.InvariantCulture),
        string text when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        var other => throw WrongType(key, "a number", other),
    };

    public string GetString(string key, string fallback) => Find(key) switch
    {
        null => fallback,
        string text => text,
        bool or int or long or double => Convert.ToString(_values[key], CultureInfo.InvariantCulture)!,
        var other => throw WrongType(key, "a string", other),
    };

    /// <summary>A list of strings; a single string is a list of one; absent is empty.</summary>
    public IReadOnlyList<string> GetStringList(string key) => Find(key) switch
    {
        null => [],
        string text => [text],
        IEnumerable items and not IDictionary and not IReadOnlyDictionary<string, object?> => ToStrings(key, items),
        var other => throw WrongType(key, "a list of strings", other),
    };

    /// <summary>A nested mapping (<c>checks: {ssh: {...}}</c>) as settings of its own; absent is empty.</summary>
    public PluginSettings GetSection(string key) => Find(key) switch
    {
        null => Empty,
        IEnumerable<KeyValuePair<string, object?>> map => new PluginSettings(map),
        var other => throw WrongType(key, "a mapping", other),
    };

    /// <summary>True when the value is a list, not a single value (a command as argv rather than as text).</summary>
    public bool IsList(string key) =>
        Find(key) is IEnumerable and not string and not IDictionary and not IReadOnlyDictionary<string, object?>;

    private object? Find(string key) => _values.GetValueOrDefault(key);

    private static List<string> ToStrings(string key, IEnumerable items)
    {
        var list = new List<string>();
        foreach (var item in items)
            list.Add(item as string ?? throw WrongType(key, "a list of strings", item));
        return list;
    }

    private static FormatException WrongType(string key, string expected, object? value) =>
        new($"setting '{key}': expected {expected}, found {Describe(value)}");

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string text => $"'{text}'",
        IDictionary or IReadOnlyDictionary<string, object?> => "a mapping",
        IEnumerable => "a list",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "a value",
    };
}
