using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hbd.Server.Api;

/// <summary>
/// Every time in the API as RFC 3339 UTC with milliseconds and `Z` (2026-12-01T21:43:17.226Z): one form for every client,
/// sortable as text, and what JavaScript's Date parses. Reads any ISO 8601 time.
/// </summary>
public sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[24];
        value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}
