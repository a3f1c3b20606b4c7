using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>
/// Reads a write call's JSON object body ourselves rather than through minimal API binding, so that every way a body can
/// be wrong gets the API's {error, detail} with the right status and a detail that names what is wrong: 415 for another
/// content type, 413 past the limit (checked as the bytes come, so a chunked body cannot slip past it), 400 for the rest.
/// </summary>
public static class JsonRequestBody
{
    /// <summary>The largest body a write call takes: far more than any of them needs.</summary>
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    /// <summary>The body's top-level JSON object, or the error to answer with.</summary>
    public static async Task<(RequestFields? Fields, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            var type = request.ContentType is { Length: > 0 } given ? $"'{given}'" : "none";
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"the body must be JSON with 'Content-Type: application/json'; the content type was {type}"));
        }
        if (request.ContentLength > MaxBytes)
            return (null, TooLarge(request.ContentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes"));

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length), request.HttpContext.RequestAborted)
                .ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > MaxBytes)
                    return (null, TooLarge("more than that"));
            }
            return Parse(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (RequestFields?, IResult?) Parse(ReadOnlyMemory<byte> body)
    {
        // The JSON reader checks structure, not the bytes inside strings: reading such a string later would throw.
        if (!Utf8.IsValid(body.Span))
            return (null, ApiResults.BadRequest("body: not valid UTF-8"));
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body, Options);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return (null, ApiResults.BadRequest($"body: not valid JSON{where}: {FirstSentence(e.Message)}"));
        }
        if (root.ValueKind != JsonValueKind.Object)
            return (null, ApiResults.BadRequest($"body: expected a JSON object, found {RequestFields.Describe(root)}"));
        return (new RequestFields(root), null);
    }

    private static IResult TooLarge(string size) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"the body is {size}; at most {MaxBytes} bytes are allowed");

    /// <summary>System.Text.Json's messages go on to name .NET types and positions; the first sentence is the part for people.</summary>
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
