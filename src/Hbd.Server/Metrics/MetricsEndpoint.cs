using System.IO.Compression;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Hbd.Server.Metrics;

/// <summary>GET /metrics: the Prometheus text exposition (docs/api.md), streamed as it is written, gzipped when the client asks.</summary>
public static class MetricsEndpoint
{
    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context, MetricsExposition exposition) =>
        {
            var response = context.Response;
            response.ContentType = PrometheusTextWriter.ContentType;
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            if (!AcceptsGzip(context.Request))
            {
                await exposition.WriteAsync(response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
                return;
            }
            // Prometheus asks for gzip: 100,000 hosts are 43 MB of text, a tenth of that compressed.
            response.Headers.ContentEncoding = "gzip";
            var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                var writer = PipeWriter.Create(gzip, new StreamPipeWriterOptions(leaveOpen: true));
                await exposition.WriteAsync(writer, context.RequestAborted).ConfigureAwait(false);
                await writer.CompleteAsync().ConfigureAwait(false);
            }
        });
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings)
        && codings.Any(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && (c.Quality ?? 1) > 0);
}
