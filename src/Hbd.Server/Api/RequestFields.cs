using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Hbd.Server.Api;

/// <summary>
/// The fields of a request's JSON object, read one by one with errors that name the field ("text: expected a string").
/// A field sent as null counts as not sent; a field the call does not know is an error, so that a misspelt one is not
/// silently ignored.
/// </summary>
public sealed class RequestFields(JsonElement root)
{
    /// <summary>Fails on the first field that is not one of <paramref name="known"/>.</summary>
    public bool TryOnly(IReadOnlyCollection<string> known, [NotNullWhen(false)] out string? error)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                error = $"{property.Name}: not a field of this call; it takes {string.Join(", ", known)}";
                return false;
            }
        }
        error = null;
        return true;
    }

    /// <summary>A string field; null when absent or null.</summary>
    public bool TryString(string name, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return true;
        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"{name}: expected a string, found {Describe(element)}";
            return false;
        }
        return TryText(element, name, out value, out error);
    }

    /// <summary>A list of strings; null when absent or null.</summary>
    public bool TryStringList(string name, out IReadOnlyList<string>? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return true;
        if (element.ValueKind != JsonValueKind.Array)
        {
            error = $"{name}: expected a list of strings, found {Describe(element)}";
            return false;
        }
        var items = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                error = $"{name}[{items.Count}]: expected a string, found {Describe(item)}";
                return false;
            }
            if (!TryText(item, $"{name}[{items.Count}]", out var text, out error))
                return false;
            items.Add(text);
        }
        value = items;
        return true;
    }

    /// <summary>A JSON string as text: an escaped lone surrogate ("\ud800") is valid JSON but no text, and makes GetString throw.</summary>
    private static bool TryText(JsonElement element, string name, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? error)
    {
        error = null;
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            error = $"{name}: not valid text (it holds an unpaired UTF-16 surrogate)";
            return false;
        }
    }

    /// <summary>What a JSON value is, for messages: "a number", "an object" …</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
