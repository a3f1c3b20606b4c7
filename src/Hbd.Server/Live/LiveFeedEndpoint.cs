using System.Globalization;
using Hbd.Server.Api;
using Hbd.Server.Commits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hbd.Server.Live;

/// <summary>
/// The WebSocket feed: at <c>/ws</c> on hbd_port, and on ws_port (at <c>/</c> or <c>/ws</c>; that port serves nothing
/// else). With a read_token, a client shows it as a bearer header or, since browsers cannot set headers on a WebSocket,
/// as <c>?token=</c>.
/// </summary>
public static class LiveFeedEndpoint
{
    public const string Path = "/ws";

    public static void UseLiveFeed(this WebApplication app, int wsPort)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use(async (context, next) =>
        {
            var onWsPort = context.Connection.LocalPort == wsPort;
            var path = context.Request.Path;
            if (path == Path || (onWsPort && path == "/"))
                await ServeAsync(context).ConfigureAwait(false);
            else if (onWsPort)
                await ApiResults.NotFound($"ws_port serves the WebSocket feed only, at / and {Path}; the API is on hbd_port").ExecuteAsync(context).ConfigureAwait(false);
            else
                await next(context).ConfigureAwait(false);
        });
    }

    private static async Task ServeAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiResults.BadRequest("expected a WebSocket upgrade (GET with 'Upgrade: websocket')").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (!Authorised(context, services.GetRequiredService<ApiTokens>()))
        {
            await ApiResults.Error(StatusCodes.Status401Unauthorized, "unauthorized",
                "a valid read_token is required: 'Authorization: Bearer <token>' or '?token=<token>'").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        long? since = null;
        if (context.Request.Query["since"].ToString() is { Length: > 0 } text)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                await ApiResults.BadRequest("since: expected the seq of the last frame received").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            since = sequence;
        }
        var settings = services.GetRequiredService<LiveFeedSettings>();
        var slots = services.GetRequiredService<LiveClientSlots>();
        if (!slots.TryEnter())
        {
            await ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "too_many_clients",
                $"the feed has its {settings.MaxClients} clients; try again later").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var client = new LiveClient(socket, services.GetRequiredService<CommitFeed>(), settings, services.GetRequiredService<TimeProvider>());
            if (await client.RunAsync(since, context.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping)
                .ConfigureAwait(false))
                slots.CountDropped();
        }
        finally
        {
            slots.Leave();
        }
    }

    private static bool Authorised(HttpContext context, ApiTokens tokens)
    {
        if (tokens.Read is not { } read)
            return true;
        var header = context.Request.Headers.Authorization.ToString();
        if (context.Request.Query["token"].ToString() is { Length: > 0 } token)
            header = "Bearer " + token;
        return WriteAccessFilter.Matches(header, read) || (tokens.Write is { } write && WriteAccessFilter.Matches(header, write));
    }
}
