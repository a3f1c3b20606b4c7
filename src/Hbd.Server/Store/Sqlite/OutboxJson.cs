using System.Text.Json.Serialization;
using Hbd.Server.Notify;

namespace Hbd.Server.Store.Sqlite;

/// <summary>
/// The stored form of an outbox row's message: source-generated (the server is trimmed and AOT-compiled), snake_case like
/// the API. Times keep their offset and every tick (ISO 8601 round-trip form), so a message reads back equal to the one
/// made when the event was routed.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(Notification))]
internal sealed partial class OutboxJson : JsonSerializerContext;
