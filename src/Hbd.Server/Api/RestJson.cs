using System.Text.Json.Serialization;

namespace Hbd.Server.Api;

/// <summary>
/// Source-generated JSON for the silences, ping and journal-post calls, in the resolver chain beside <see cref="ApiJson"/>
/// and with its options: snake_case, RFC 3339 UTC times with milliseconds.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false, Converters = [typeof(UtcTimeConverter)])]
[JsonSerializable(typeof(SilenceView))]
[JsonSerializable(typeof(IReadOnlyList<SilenceView>))]
[JsonSerializable(typeof(PingView))]
[JsonSerializable(typeof(List<NotificationView>))]
[JsonSerializable(typeof(NotifyTestView))]
public sealed partial class RestJson : JsonSerializerContext;
