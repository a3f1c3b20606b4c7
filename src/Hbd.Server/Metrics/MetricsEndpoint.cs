using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Metrics;

/// <summary>GET /metrics: the Prometheus text exposition (docs/api.md), streamed as it is written.</summary>
public static class MetricsEndpoint
{
    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context, MetricsExposition exposition) =>
        {
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            await exposition.WriteAsync(context.Response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
        });
    }
}
