using System.Text.Json.Serialization;
using Hbd.Server.Silences;

namespace Hbd.Server.Api;

/// <summary>A silence as the API shows it.</summary>
public sealed record SilenceView(long Id, IReadOnlyList<string> Hosts, DateTimeOffset Until, string? Comment, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static SilenceView Of(Silence silence) =>
        new(silence.Id, silence.Hosts, silence.Until, silence.Comment, silence.CreatedAt, silence.CreatedBy);
}

/// <summary>
/// Source-generated JSON for the silences, ping and journal-post calls, in the resolver chain beside <see cref="ApiJson"/>
/// and with its options: snake_case, RFC 3339 UTC times with milliseconds.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false, Converters = [typeof(UtcTimeConverter)])]
[JsonSerializable(typeof(SilenceView))]
[JsonSerializable(typeof(IReadOnlyList<SilenceView>))]
public sealed partial class RestJson : JsonSerializerContext;
