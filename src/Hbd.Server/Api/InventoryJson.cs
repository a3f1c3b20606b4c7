using System.Text.Json.Nodes;

namespace Hbd.Server.Api;

/// <summary>Inventory trees (strings, numbers, booleans, lists, maps) as JSON nodes.</summary>
public static class InventoryJson
{
    public static JsonObject Object(IReadOnlyDictionary<string, object?> map)
    {
        var node = new JsonObject();
        foreach (var (key, value) in map)
            node[key] = Value(value);
        return node;
    }

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        long number => JsonValue.Create(number),
        ulong number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        IReadOnlyDictionary<string, object?> map => Object(map),
        IEnumerable<object?> list => new JsonArray(list.Select(Value).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };
}
