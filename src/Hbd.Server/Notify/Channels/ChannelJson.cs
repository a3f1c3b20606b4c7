using System.Text.Json.Serialization;
using Hbd.Server.Api;

namespace Hbd.Server.Notify.Channels;

/// <summary>
/// Source-generated JSON for what the channels post (hbd is trimmed and AOT-compiled: no reflection): snake_case, nulls
/// written, times as the API writes them (RFC 3339 UTC with milliseconds).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false, Converters = [typeof(UtcTimeConverter)])]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(MattermostHookPost))]
[JsonSerializable(typeof(MattermostApiPost))]
internal sealed partial class ChannelJson : JsonSerializerContext;
