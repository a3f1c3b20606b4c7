using System.Text.Json;

namespace Hbd.Server.Tests.Notify;

/// <summary>What the stand-ins check of a JSON body: that it is an object, of known fields, with the types the API wants.</summary>
internal static class JsonChecks
{
    /// <summary>The body as a JSON object, or null with the problem added to <paramref name="problems"/>.</summary>
    public static JsonElement? Object(ReceivedRequest request, List<string> problems)
    {
        if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.Ordinal))
            problems.Add($"content type {request.ContentType}, not application/json");
        try
        {
            using var json = JsonDocument.Parse(request.Body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
                return json.RootElement.Clone();
            problems.Add($"body is a JSON {json.RootElement.ValueKind}, not an object");
        }
        catch (JsonException e)
        {
            problems.Add($"body is not JSON: {e.Message}");
        }
        return null;
    }

    public static void OnlyKnown(JsonElement body, IReadOnlySet<string> known, List<string> problems)
    {
        foreach (var property in body.EnumerateObject().Where(p => !known.Contains(p.Name)))
            problems.Add($"{property.Name} is not a field of the API");
    }

    public static void Kind(JsonElement body, string name, List<string> problems, params JsonValueKind[] kinds)
    {
        if (!body.TryGetProperty(name, out var value))
            problems.Add($"{name} is missing");
        else if (!kinds.Contains(value.ValueKind))
            problems.Add($"{name} is a {value.ValueKind}, not {string.Join(" or ", kinds)}");
    }

    public static void NonEmptyString(JsonElement body, string name, List<string> problems)
    {
        Kind(body, name, problems, JsonValueKind.String);
        if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0)
            problems.Add($"{name} is empty");
    }
}
