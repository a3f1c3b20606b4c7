using System.Globalization;
using Hbd.Common.Config;
using Hbd.Common.Protocol;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;
using Hbd.Server.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Api;

/// <summary>
/// GET and POST /api/ping/{name}: a heartbeat over HTTP, for cron jobs and hosts whose UDP does not get through. Mapped
/// outside the read_token guard: a host's key is enough (see <see cref="PingAccess"/>).
/// </summary>
public static class PingEndpoints
{
    public const string Route = "/api/ping/{name}";

    /// <summary>Without ?interval=: what a cron job run every minute or so would want.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>A yearly job is the slowest that still makes sense to watch.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(366);

    public static void MapPingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, Ping);
        app.MapPost(Route, Ping);
    }

    private static IResult Ping(string name, HttpContext http, HostRegistry registry, DatagramPipeline pipeline, ApiTokens tokens,
        StoreWriter writer, CommittedHosts hosts)
    {
        if (!HostNames.IsValid(name))
            return ApiResults.BadRequest("name: not a valid host name (1-253 letters, digits, '-', '_' and '.', not starting with '.' or '-')");
        if (PingAccess.Check(http, name, tokens, pipeline.Keys) is { } denied)
            return denied;
        var intervalText = http.Request.Query["interval"].ToString();
        var interval = DefaultInterval;
        if (intervalText.Length > 0 && (!DurationParser.TryParse(intervalText, out interval) || interval < MinInterval || interval > MaxInterval))
            return ApiResults.BadRequest($"interval: expected seconds or a duration such as 5m, from 1s to 366d, found '{intervalText}'");

        if (registry.ApplyPing(name, PingAccess.ClientAddress(http), interval) == PingOutcome.HostLimit)
        {
            return ApiResults.Error(StatusCodes.Status429TooManyRequests, "host_limit", string.Create(CultureInfo.InvariantCulture,
                $"hbd tracks max_hosts ({registry.Settings.MaxHosts}) hosts already; '{name}' is not one of them"));
        }
        // Committed before the answer, as for every write: what it says is what a read that follows shows.
        try
        {
            writer.Flush();
        }
        catch (Exception e)
        {
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "store_unavailable",
                $"the ping is taken, but the store could not write it yet ({e.Message}); it will be written when the store recovers");
        }
        var view = hosts.TryGet(name, out var record)
            ? new PingView(record.Name, HostStates.Name(record.State), (record.Interval > TimeSpan.Zero ? record.Interval : interval).TotalSeconds)
            : new PingView(name, HostStates.Name(HostState.Up), interval.TotalSeconds); // forgotten meanwhile: as the ping left it
        return Results.Json(view, RestJson.Default.PingView);
    }
}

/// <summary>The answer to a ping: the host as committed, and the interval it is now judged by (seconds).</summary>
public sealed record PingView(string Name, string State, double Interval);
