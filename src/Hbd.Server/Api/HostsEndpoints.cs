using Hbd.Server.Commits;
using Hbd.Server.Dns;
using Hbd.Server.Hosts;
using Hbd.Server.Silences;
using Hbd.Server.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Api;

/// <summary>/api/hosts: the list, a page at a time; one host; forgetting a host. Reads come from the committed read model.</summary>
public static class HostsEndpoints
{
    public static void MapHostsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", (HttpRequest request, CommittedHosts hosts) =>
            HostListQuery.TryParse(request.Query, out var query, out var error)
                ? new HostPageResult(HostPageSelector.Select(hosts.All, query))
                : ApiResults.BadRequest(error));

        app.MapGet("/api/hosts/{name}", (string name, CommittedHosts hosts, ActiveSilences silences, DnsStates dns, TimeProvider time) =>
            hosts.TryGet(name, out var record)
                ? Results.Json(HostViews.Detail(record, hosts.BodyOf(record)) with
                {
                    SilencedUntil = silences.SilencedUntil(record.Name, time.GetUtcNow()),
                    Dns = dns.View(record.Name),
                },
                    ApiJson.Default.HostDetailView)
                : ApiResults.NotFound($"no host named '{name}'"));

        app.MapDelete("/api/hosts/{name}", (string name, HttpContext http, HostRegistry registry, StoreWriter writer) =>
        {
            if (!registry.Remove(name, WriteAccessFilter.Writer(http)))
                return ApiResults.NotFound($"no host named '{name}'");
            // Committed before the answer, so a read that follows no longer shows the host. A failed write keeps the removal
            // pending for the next flush; the client hears that it is not yet durable.
            try
            {
                writer.Flush();
            }
            catch (Exception e)
            {
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "store_unavailable",
                    $"'{name}' is forgotten, but the store could not write it yet ({e.Message}); it will be written when the store recovers");
            }
            return Results.NoContent();
        }).AddEndpointFilter<WriteAccessFilter>();
    }
}
