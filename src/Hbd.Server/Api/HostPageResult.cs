using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>
/// Writes a page as {"hosts": [...], "next": cursor | null} straight to the response, a few hosts at a time, so that
/// no page is ever held whole as a string. The views were made when the hosts were committed.
/// </summary>
public sealed class HostPageResult(HostPage page) : IResult
{
    /// <summary>Hosts written between flushes: about 30 KB of JSON.</summary>
    private const int FlushEvery = 100;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await WriteAsync(response.BodyWriter, page, httpContext.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteAsync(PipeWriter output, HostPage page, CancellationToken cancel)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartArray("hosts");
        for (var i = 0; i < page.Hosts.Count; i++)
        {
            JsonSerializer.Serialize(json, HostViews.Summary(page.Hosts[i]), ApiJson.Default.HostSummaryView);
            if ((i + 1) % FlushEvery == 0)
            {
                await json.FlushAsync(cancel).ConfigureAwait(false);
                await output.FlushAsync(cancel).ConfigureAwait(false);
            }
        }
        json.WriteEndArray();
        if (page.More)
            json.WriteString("next", HostCursor.Encode(page.Hosts[^1].Name));
        else
            json.WriteNull("next");
        json.WriteEndObject();
        await json.FlushAsync(cancel).ConfigureAwait(false);
        await output.FlushAsync(cancel).ConfigureAwait(false);
    }
}
