using Hbd.Server.Commits;
using Hbd.Server.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hbd.Server.Api;

/// <summary><c>GET /api/hosts/{name}/history</c>: a host's metrics over time (docs/api.md). Absent when <c>history_days</c> is 0.</summary>
public static class HistoryEndpoints
{
    public static void MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts/{name}/history", (string name, HttpRequest request, TimeProvider time, CommittedHosts hosts,
            IServiceProvider services) =>
        {
            if (services.GetService<HistoryReader>() is not { } reader || services.GetService<HistoryRecorder>() is not { } recorder)
                return ApiResults.Error(StatusCodes.Status404NotFound, "history_disabled", "metric history is off (history_days: 0)");
            var now = time.GetUtcNow();
            if (!HistoryRequest.TryParse(request.Query, now, out var query, out var error))
                return ApiResults.BadRequest(error);
            // A host's history lives as long as the host: a deleted host has none, even before its blocks are gone.
            if (!hosts.TryGet(name, out var record))
                return ApiResults.NotFound($"no host named '{name}'");
            var series = new List<HistorySeries>(query.Metrics.Count);
            foreach (var key in query.Metrics)
            {
                if (recorder.Catalog.Find(key) is not { } found)
                    return ApiResults.Error(StatusCodes.Status404NotFound, "metric_not_found", $"no metric '{key}' in any host's history");
                series.Add(found);
            }
            var answer = reader.Read(record.Name, series, query.Since.ToUnixTimeMilliseconds(), query.Until.ToUnixTimeMilliseconds(),
                query.Step is { } step ? (long)step.TotalMilliseconds : null, now.ToUnixTimeMilliseconds());
            foreach (var one in answer.Series)
            {
                if (one.Points.Count == 0 && !HistoryEndpointsSupport.LatestBeatHas(hosts.BodyOf(record), one.Series.Id, recorder.Catalog))
                    return ApiResults.Error(StatusCodes.Status404NotFound, "metric_not_found", $"'{name}' has no metric '{one.Series.Key}'");
            }
            return new HistoryResult(record.Name, query.Since, query.Until, answer);
        });
    }
}

internal static class HistoryEndpointsSupport
{
    /// <summary>True when the host's latest beat carries the series: a metric it sends, with no points in this range.</summary>
    public static bool LatestBeatHas(byte[]? body, int seriesId, SeriesCatalog catalog)
    {
        if (body is not { Length: > 0 })
            return false;
        var values = new BeatValues(catalog);
        return values.Read(body) && values.Ids.Contains(seriesId);
    }
}
