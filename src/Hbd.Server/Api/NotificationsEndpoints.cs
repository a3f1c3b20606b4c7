using System.Globalization;
using Hbd.Server.Notify;
using Hbd.Server.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Api;

/// <summary>
/// GET /api/notifications: every notification with its attempts (docs/api.md); POST /api/notify/test?channel=NAME: a test
/// message through a channel's own code, answered with what the service said.
/// </summary>
public static class NotificationsEndpoints
{
    public static void MapNotificationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications", async (HttpRequest request, IOutboxStore outbox) =>
        {
            var q = request.Query;
            var status = Empty(q["status"]);
            if (status is not null and not (OutboxQuery.Pending or OutboxQuery.Sent or OutboxQuery.GivenUp))
                return ApiResults.BadRequest($"status: expected pending, sent or given_up, found '{status}'");
            long? before = null;
            if (Empty(q["before"]) is { } beforeText)
            {
                if (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    return ApiResults.BadRequest($"before: expected a notification id, found '{beforeText}'");
                before = id;
            }
            var limit = 100;
            if (Empty(q["limit"]) is { } limitText
                && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > OutboxQuery.MaxLimit))
                return ApiResults.BadRequest($"limit: expected 1 to {OutboxQuery.MaxLimit}, found '{limitText}'");
            var rows = await outbox.QueryOutboxAsync(new OutboxQuery(status, Empty(q["host"]), Empty(q["channel"]), before, limit),
                request.HttpContext.RequestAborted);
            return Results.Json(rows.Select(NotificationView.Of).ToList(), RestJson.Default.ListNotificationView);
        });

        app.MapPost("/api/notify/test", async (HttpContext http, IReadOnlyDictionary<string, INotificationChannel> channels, TimeProvider time,
            NotifyOptions options) =>
        {
            var name = Empty(http.Request.Query["channel"]);
            if (name is null)
                return ApiResults.BadRequest($"channel: required, one of {Set(channels)}");
            if (!channels.TryGetValue(name, out var channel))
                return ApiResults.Error(StatusCodes.Status404NotFound, "not_found", $"no channel '{name}' is set up (set up: {Set(channels)})");
            var now = time.GetUtcNow();
            var message = new Notification
            {
                Event = "test",
                Time = now,
                Title = "Test message from hbd",
                Text = $"This is a test of the {name} channel, sent by {WriteAccessFilter.Writer(http)}.",
                Url = options.PublicUrl?.ToString(),
            };
            var outcome = await channel.SendAsync(message, http.RequestAborted);
            var view = new NotifyTestView(name, outcome.Status switch
            {
                SendStatus.Sent => "sent",
                SendStatus.Transient => "transient",
                _ => "permanent",
            }, outcome.Detail);
            return outcome.Status == SendStatus.Sent
                ? Results.Json(view, RestJson.Default.NotifyTestView)
                : ApiResults.Error(StatusCodes.Status502BadGateway, "notify_failed", $"{name}: {outcome.Detail}");
        }).AddEndpointFilter<WriteAccessFilter>();
    }

    private static string Set(IReadOnlyDictionary<string, INotificationChannel> channels) =>
        channels.Count == 0 ? "none" : string.Join(", ", channels.Keys);

    private static string? Empty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString().Trim();
}
